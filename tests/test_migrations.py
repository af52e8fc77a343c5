"""Moving models to their own apps kept every row: a database on the schema before the
move (cases 0007) is migrated forward and every row is found through the new models."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.support import latest_migrations, migrate_to

BEFORE_THE_MOVE = [("cases", "0007_scanning"), ("content", "0002_editors_and_seed_library")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_survive_the_move_to_their_own_apps(postgres):
    old = migrate_to(BEFORE_THE_MOVE)
    now = timezone.now()
    Case = old.get_model("cases", "Case")
    case = Case.objects.create(
        reference="NAV-2020-000001",
        condition_area="blood",
        language="es",
        country="ES",
        urgency="soon",
        submitted_at=now,
    )
    old.get_model("cases", "Document").objects.create(
        case=case,
        file="reports/aa/aa",
        original_name="pathology.pdf",
        category="pathology",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        source="intake",
    )
    old.get_model("cases", "DocumentJob").objects.create(kind="case_summary", case=case)
    old.get_model("cases", "AuditEvent").objects.create(
        action="case_viewed", case_reference=case.reference
    )
    draft = old.get_model("cases", "InquiryDraft").objects.create(
        data={"step": "about"}, expires_at=now + timedelta(days=7)
    )
    old.get_model("cases", "DraftUpload").objects.create(
        draft=draft,
        file="reports/bb/bb",
        original_name="scan.png",
        category="imaging",
        content_type="image/png",
        size=20,
        sha256="1" * 64,
    )

    new = migrate_to(latest_migrations())

    assert new.get_model("cases", "Document").objects.get().original_name == "pathology.pdf"
    job = new.get_model("documents", "DocumentJob").objects.get()
    assert job.case_id == case.pk and job.kind == "case_summary"
    event = new.get_model("audit", "AuditEvent").objects.get(case_reference=case.reference)
    assert event.action == "case_viewed"
    moved_draft = new.get_model("intake", "InquiryDraft").objects.get()
    assert moved_draft.data == {"step": "about"}
    assert new.get_model("intake", "DraftUpload").objects.get().draft_id == moved_draft.pk
    # The supervisors' permission to read the trail followed the model to its new app.
    Group = new.get_model("auth", "Group")
    supervisors = Group.objects.get(name="Supervisors")
    assert supervisors.permissions.filter(
        content_type__app_label="audit", codename="view_auditevent"
    ).exists()
