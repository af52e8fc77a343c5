"""Practical tasks through their services: what is saved, what is refused (with the
field it concerns, and nothing saved), and what the family and the timeline hear."""

from datetime import time, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case, FamilyNotice, TimelineEvent
from core import uploads
from logistics import services
from logistics.models import CaseTask
from logistics.selectors import local_due
from tests.factories import gate_verdict, make_document, pdf_upload

from .conftest import FAR, add_task, fields

pytestmark = pytest.mark.django_db


def refusal(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_task_is_stored_in_utc_from_the_assignees_local_time_with_timeline_and_audit(world):
    task = add_task(world["case"], world["alice"], due_time=time(23, 30))
    assert task.time_zone == "Europe/Madrid"
    assert task.due_at.isoformat() == "2030-03-13T22:30:00+00:00"
    line = TimelineEvent.objects.get(case=world["case"], kind=TimelineEvent.Kind.TASK)
    assert "Book the screening visit" in line.message and "Europe/Madrid" in line.message
    audit = AuditEvent.objects.get(action=AuditEvent.Action.TASK_CHANGED)
    assert audit.case_reference == world["case"].reference
    assert audit.detail == "added appointment"


def test_a_task_due_in_the_past_is_refused_on_the_date_and_nothing_is_saved(world):
    yesterday = timezone.now().date() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        add_task(world["case"], world["alice"], due_date=yesterday)
    assert "already passed in Europe/Madrid" in refusal(refused)["due_date"][0]
    assert not CaseTask.objects.exists()
    assert not TimelineEvent.objects.filter(kind=TimelineEvent.Kind.TASK).exists()


def test_an_unknown_time_zone_is_refused_on_the_time_zone(world):
    with pytest.raises(ValidationError) as refused:
        add_task(world["case"], world["alice"], time_zone="Europe/Atlantis")
    assert "not a time zone we know" in refusal(refused)["time_zone"][0]
    assert not CaseTask.objects.exists()


def test_a_named_time_zone_overrides_the_assignees(world):
    task = add_task(world["case"], world["alice"], time_zone="Asia/Shanghai")
    assert task.time_zone == "Asia/Shanghai"
    assert task.due_at.isoformat() == "2030-03-13T02:00:00+00:00"


def test_a_task_cannot_go_to_someone_who_cannot_open_the_case(world):
    with pytest.raises(ValidationError) as refused:
        add_task(world["case"], world["alice"], assignee=world["bob"])
    assert "assignee" in refusal(refused)
    task = add_task(world["case"], world["alice"], assignee=world["boss"])
    assert task.assignee == world["boss"]
    assert task.time_zone == "UTC"  # a supervisor without a profile: the service's zone


def test_a_closed_case_takes_only_a_follow_up(world):
    Case.objects.filter(pk=world["case"].pk).update(status=Case.Status.CLOSED)
    case = Case.objects.get(pk=world["case"].pk)
    with pytest.raises(ValidationError) as refused:
        add_task(case, world["alice"], kind="appointment")
    assert "only a follow-up" in refusal(refused)["kind"][0]
    task = add_task(case, world["alice"], kind="follow_up", title="Follow-up call")
    assert task.kind == CaseTask.Kind.FOLLOW_UP


def test_an_overdue_task_can_be_edited_but_not_moved_into_the_past(world):
    task = add_task(world["case"], world["alice"])
    past = timezone.now() - timedelta(hours=2)
    CaseTask.objects.filter(pk=task.pk).update(due_at=past)
    task.refresh_from_db()
    local = local_due(task)
    kept = services.task_update(
        task=task,
        by=world["alice"],
        fields=fields(
            world["alice"],
            title="Book the visit (clinic asked to call back)",
            due_date=local.date(),
            due_time=local.time(),
        ),
    )
    assert kept.title.endswith("call back)") and kept.due_at == task.due_at
    with pytest.raises(ValidationError) as refused:
        services.task_update(
            task=kept,
            by=world["alice"],
            fields=fields(world["alice"], due_date=local.date() - timedelta(days=1)),
        )
    assert "due_date" in refusal(refused)
    assert CaseTask.objects.get(pk=task.pk).title.endswith("call back)")


def test_a_stale_edit_is_refused(world):
    task = add_task(world["case"], world["alice"])
    services.task_update(task=task, by=world["alice"], fields=fields(world["alice"], notes="x"))
    with pytest.raises(services.TaskRefusedError):
        services.task_update(
            task=task, by=world["alice"], fields=fields(world["alice"]), expected_version=1
        )


def test_sharing_an_appointment_tells_the_family_in_their_time_zone(world):
    task = add_task(world["case"], world["alice"])
    shared = services.task_share(
        task=task,
        by=world["alice"],
        family_title="Cita en el Hospital del Sol",
        family_place="Calle Mayor 1, Madrid",
    )
    assert shared.shared_with_family and shared.family_time_zone == "America/Mexico_City"
    assert list(FamilyNotice.objects.values_list("event", flat=True)) == ["appointment"]


def test_moving_a_shared_task_tells_the_family_again_and_a_note_does_not(world):
    task = add_task(world["case"], world["alice"])
    services.task_share(task=task, by=world["alice"], family_title="Cita")
    services.task_update(task=task, by=world["alice"], fields=fields(world["alice"], notes="x"))
    assert FamilyNotice.objects.count() == 1
    services.task_update(
        task=task,
        by=world["alice"],
        fields=fields(world["alice"], due_date=FAR + timedelta(days=1)),
    )
    assert FamilyNotice.objects.count() == 2
    services.task_finish(task=task, by=world["alice"], to=CaseTask.Status.CANCELLED)
    assert FamilyNotice.objects.count() == 3


def test_sharing_refuses_a_flagged_title_an_unknown_zone_and_the_wrong_kind(world):
    task = add_task(world["case"], world["alice"])
    with mock.patch("claims.gate.check", return_value=gate_verdict("block", "Será aceptado")):
        with pytest.raises(ValidationError) as refused:
            services.task_share(task=task, by=world["alice"], family_title="Será aceptado")
    assert "claims gate" in refusal(refused)["family_title"][0]
    with pytest.raises(ValidationError) as refused:
        services.task_share(
            task=task, by=world["alice"], family_title="Cita", family_time_zone="Mars/Olympus"
        )
    assert "family_time_zone" in refusal(refused)
    assert not CaseTask.objects.get(pk=task.pk).shared_with_family
    assert not FamilyNotice.objects.exists()
    other = add_task(world["case"], world["alice"], kind="interpreter")
    with pytest.raises(services.TaskRefusedError):
        services.task_share(task=other, by=world["alice"], family_title="Intérprete")


def test_a_translation_comes_back_linked_to_its_original_and_the_task_is_done(world):
    original = make_document(world["case"], original_name="informe-patologia.pdf")
    task = add_task(
        world["case"],
        world["alice"],
        kind="translation",
        title="Translate the pathology report",
        document=original,
        language_from="es",
        language_to="en",
        translator="Medical Lingo Ltd",
    )
    translated = services.task_attach_translation(
        task=task, by=world["alice"], checked=uploads.check_upload(pdf_upload("pathology-en.pdf"))
    )
    task.refresh_from_db()
    assert task.status == CaseTask.Status.DONE
    assert task.translated_document == translated
    assert translated.translation_of.document == original
    assert translated.source == "staff" and translated.case == world["case"]
    assert translated.category == original.category
    with pytest.raises(services.TaskRefusedError):
        services.task_attach_translation(
            task=task, by=world["alice"], checked=uploads.check_upload(pdf_upload("again.pdf"))
        )


def test_a_translation_needs_a_file_of_this_case_and_two_languages(world):
    elsewhere = make_document(world["theirs"])
    with pytest.raises(ValidationError) as refused:
        add_task(
            world["case"],
            world["alice"],
            kind="translation",
            document=elsewhere,
            language_from="es",
            language_to="es",
        )
    assert set(refusal(refused)) == {"document", "language_to"}
    with pytest.raises(ValidationError) as refused:
        add_task(
            world["case"],
            world["alice"],
            kind="translation",
            document=make_document(world["case"]),
            language_from="other",
            language_to="en",
        )
    assert set(refusal(refused)) == {"language_other"}


def test_a_translation_over_the_cases_file_limit_is_refused_and_nothing_is_stored(
    world, settings, _private_upload_root
):
    original = make_document(world["case"])
    task = add_task(world["case"], world["alice"], kind="translation", document=original)
    settings.NAVIGATOR_MAX_FILES_PER_CASE = 1
    with pytest.raises(ValidationError):
        services.task_attach_translation(
            task=task, by=world["alice"], checked=uploads.check_upload(pdf_upload())
        )
    task.refresh_from_db()
    assert task.status == "open" and task.translated_document is None
    assert world["case"].documents.count() == 1
    assert not [p for p in _private_upload_root.rglob("*") if p.is_file()]


def test_done_is_final(world):
    task = add_task(world["case"], world["alice"])
    services.task_finish(task=task, by=world["alice"], to=CaseTask.Status.DONE)
    with pytest.raises(services.TaskRefusedError):
        services.task_finish(task=task, by=world["alice"], to=CaseTask.Status.CANCELLED)
    assert CaseTask.objects.get(pk=task.pk).status == CaseTask.Status.DONE


def test_the_database_refuses_sharing_another_kind_or_without_a_family_title(world):
    interpreter = add_task(world["case"], world["alice"], kind="interpreter")
    appointment = add_task(world["case"], world["alice"])
    shared = {"shared_with_family": True, "family_title": "Cita"}
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseTask.objects.filter(pk=interpreter.pk).update(**shared)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseTask.objects.filter(pk=appointment.pk).update(shared_with_family=True)
    assert CaseTask.objects.filter(pk=appointment.pk).update(**shared) == 1
