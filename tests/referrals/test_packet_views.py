"""Staff downloads of a referral's bundle and FHIR JSON: only on a case the user may see,
and each one in the audit trail."""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from referrals import services
from tests.factories import coordinator, make_partner, ready_packet, submit_case

pytestmark = pytest.mark.django_db
QUESTION = "The family would like the team to look at whether a screening visit is possible."


@pytest.fixture
def owner(postgres):
    return coordinator("owner")


@pytest.fixture
def referral(owner):
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=owner)
    _, contact = make_partner()
    referral = services.referral_prepare(case=case, by=owner, contact=contact, question=QUESTION)
    # A ready packet row; the bundle test gives it a file.
    referral.packet = ready_packet(case, owner, referral=referral)
    referral.save()
    return referral


def urls(referral):
    args = [referral.case.reference, referral.pk]
    return reverse("referral_packet:bundle", args=args), reverse("referral_packet:fhir", args=args)


def test_staff_on_the_case_download_the_fhir_json_and_it_is_audited(referral, owner, signed_in):
    client = signed_in(Client(), owner)
    _, fhir_url = urls(referral)
    response = client.get(fhir_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["resourceType"] == "Bundle"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORTED,
        case_reference=referral.case.reference,
        object_type="referral",
        object_id=str(referral.pk),
        detail="referral as FHIR JSON",
        actor_id=owner.pk,
    ).exists()


def test_staff_on_the_case_download_the_bundle_and_it_is_audited(
    referral, owner, signed_in, tmp_path
):
    from django.core.files.base import ContentFile

    from documents.models import DocumentJob
    from tests.factories import pdf_bytes

    job = DocumentJob.objects.get(pk=referral.packet_id)
    job.file.save("summary.pdf", ContentFile(pdf_bytes(1)), save=True)
    client = signed_in(Client(), owner)
    bundle_url, _ = urls(referral)
    response = client.get(bundle_url)
    assert response.status_code == 200 and response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist()[0] == "00 Contents.txt" and len(archive.namelist()) == 2
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORTED,
        object_id=str(referral.pk),
        detail="referral packet bundle",
    ).exists()


def test_someone_who_may_not_see_the_case_gets_the_same_audited_404(referral, signed_in):
    stranger = signed_in(Client(), coordinator("stranger"))
    for url in urls(referral):
        assert stranger.get(url).status_code == 404
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.ACCESS_DENIED, case_reference=referral.case.reference
        ).count()
        == 2
    )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_a_referral_of_another_case_is_a_404(referral, owner, signed_in):
    other = submit_case()
    Case.objects.filter(pk=other.pk).update(coordinator=owner)
    client = signed_in(Client(), owner)
    for name in ("referral_packet:bundle", "referral_packet:fhir"):
        assert client.get(reverse(name, args=[other.reference, referral.pk])).status_code == 404
