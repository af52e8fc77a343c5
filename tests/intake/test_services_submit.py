"""case_submit: one transaction, a unique reference, and the e-mail only after commit."""

import re
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from cases import services
from cases.models import Case, Document, Submitter, TimelineEvent, TreatmentLine
from intake import drafts
from intake import services as intake_services
from intake.models import DraftUpload
from tests.factories import make_intake, submit_case

pytestmark = pytest.mark.django_db


def test_references_count_up_within_a_year():
    first, second = submit_case(), submit_case()
    assert re.fullmatch(r"NAV-\d{4}-\d{6}", first.reference)
    year = first.submitted_at.year
    assert first.reference == f"NAV-{year}-000001"
    assert second.reference == f"NAV-{year}-000002"


def test_a_new_year_starts_its_own_counter():
    assert services.reference_next(year=2031) == "NAV-2031-000001"
    assert services.reference_next(year=2031) == "NAV-2031-000002"
    assert services.reference_next(year=2032) == "NAV-2032-000001"


def test_the_confirmation_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = submit_case()
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert case.reference in message.subject
    assert "/status/" in message.body
    case.refresh_from_db()
    assert case.confirmation_sent_at is not None


def test_no_email_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                submit_case()
                raise RuntimeError("something later in the request failed")
    assert mail.outbox == []
    assert not Case.objects.exists()


def test_a_bad_row_leaves_nothing_half_saved():
    bad_treatment = {
        "kind": "chemotherapy",
        "regimen": "",
        "started_on": None,
        "ended_on": None,
        "best_response": "nonsense",
        "notes": "",
    }
    with pytest.raises(ValidationError):
        submit_case(treatments=[bad_treatment])
    assert not Case.objects.exists()
    assert not Submitter.objects.exists()
    assert not TreatmentLine.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_the_confirmation_is_sent_once_even_if_the_task_runs_twice():
    case = submit_case()
    assert intake_services.case_send_confirmation(case=case) is True
    assert intake_services.case_send_confirmation(case=case) is False
    assert len(mail.outbox) == 1


def test_submitting_the_same_draft_twice_returns_the_first_case():
    draft = drafts.draft_create(data={})
    first = intake_services.inquiry_submit(draft=draft, intake=make_intake())
    second = intake_services.inquiry_submit(draft=draft, intake=make_intake())
    assert first == second
    assert Case.objects.count() == 1


def test_staged_uploads_become_documents_and_the_draft_is_emptied(_private_upload_root):
    from core import uploads
    from tests.factories import pdf_upload

    draft = drafts.draft_create(data={"step_data": {"about": {"x": ["y"]}}})
    drafts.draft_attach_uploads(
        draft=draft, checked=[uploads.check_upload(pdf_upload())], category="pathology"
    )
    case = intake_services.inquiry_submit(draft=draft, intake=make_intake())
    document = Document.objects.get()
    assert document.case == case and document.source == "intake"
    assert (_private_upload_root / document.file.name).exists()
    assert not DraftUpload.objects.exists()
    draft.refresh_from_db()
    assert draft.data == {} and draft.submitted_case == case


def test_a_broker_outage_does_not_fail_the_submission(django_capture_on_commit_callbacks):
    with mock.patch("intake.tasks.send_case_confirmation.delay", side_effect=ConnectionError):
        with django_capture_on_commit_callbacks(execute=True):
            case = submit_case()
    assert Case.objects.filter(pk=case.pk).exists()
    assert mail.outbox == []
    # The sweep finds the confirmation that never went out and sends it.
    Case.objects.filter(pk=case.pk).update(submitted_at=case.submitted_at.replace(year=2020))
    assert intake_services.confirmations_send_pending() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_references_stay_unique_under_concurrent_submissions(postgres):
    references, errors = [], []
    barrier = threading.Barrier(16)

    def submit():
        try:
            barrier.wait()
            references.append(submit_case().reference)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(references) == 16
    assert len(set(references)) == 16
    assert Case.objects.count() == 16
