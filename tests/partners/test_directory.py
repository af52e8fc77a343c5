"""The partner directory: its filters and suggestions (partners.selectors, PostgreSQL),
the coordinators' page, and the supervisors' admin."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from partners.models import Contact, Organisation, Trial
from partners.selectors import DirectoryFilters, contacts_for_referral, partner_directory
from tests.factories import coordinator, editor, make_partner, submit_case, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(postgres):
    sol, _ = make_partner("Hospital del Sol", languages=["es", "en"], condition_areas=["blood"])
    east, _ = make_partner(
        "East River Hospital",
        country="CN",
        city="Beijing",
        languages=["zh-hans", "en"],
        condition_areas=["blood"],
        conditions=["all", "aml"],
        therapies=["dli"],
    )
    lake, _ = make_partner(
        "Clinique du Lac",
        country="FR",
        city="Lyon",
        languages=["fr"],
        condition_areas=["autoimmune"],
        takes_relapsed=False,
        therapies=["auto_car_t"],
    )
    Trial.objects.create(
        organisation=lake,
        title="CD19 CAR-T in lupus",
        registry_id="NCT0000LUPUS",
        therapies=["allo_car_t"],
    )
    make_partner("Closed Clinic", active=False)
    return {"sol": sol, "east": east, "lake": lake}


def names(**filters):
    return [o.name for o in partner_directory(filters=DirectoryFilters(**filters))]


def test_filters_take_relapsed_all_reads_chinese_in_china(partners):
    assert names(condition="all", relapsed=True, language="zh-hans", country="CN") == [
        "East River Hospital"
    ]
    # A partner naming no condition takes its whole area; one naming others does not.
    assert names(condition="all") == ["East River Hospital", "Hospital del Sol"]
    assert names(condition="dlbcl") == ["Hospital del Sol"]
    assert names(relapsed=True) == ["East River Hospital", "Hospital del Sol"]


def test_filters_by_city_therapy_including_trials_and_free_text(partners):
    assert names(city="beij") == ["East River Hospital"]
    assert names(therapy="dli") == ["East River Hospital"]
    assert names(therapy="allo_car_t") == ["Clinique du Lac", "Hospital del Sol"]  # trial
    assert names(q="NCT0000LUPUS") == ["Clinique du Lac"]
    assert names(q="Elena") == ["Clinique du Lac", "East River Hospital", "Hospital del Sol"]
    assert "Closed Clinic" not in names()


def test_partners_matching_area_and_language_are_suggested_first(partners):
    rows = list(
        partner_directory(
            filters=DirectoryFilters(), suggest_area="blood", suggest_language="zh-hans"
        )
    )
    assert [(o.name, o.suggestion) for o in rows] == [
        ("East River Hospital", 2),
        ("Hospital del Sol", 1),
        ("Clinique du Lac", 0),
    ]
    contacts = contacts_for_referral(suggest_area="blood", suggest_language="zh-hans")
    assert contacts[0].organisation.name == "East River Hospital"
    assert all(c.agreement_in_force for c in contacts)


def test_retired_contacts_are_not_offered(partners):
    Contact.objects.filter(organisation=partners["east"]).update(retired_at="2026-01-01T00:00Z")
    offered = {c.organisation.name for c in contacts_for_referral()}
    assert "East River Hospital" not in offered


@pytest.fixture
def clients(postgres, signed_in):
    return {
        "alice": signed_in(Client(), coordinator("alice", languages=["zh-hans"])),
        "bob": signed_in(Client(), coordinator("bob")),
        "ed": signed_in(Client(), editor("ed")),
    }


def test_the_directory_page_filters_and_suggests_for_a_case(partners, clients):
    case = submit_case(submitter={**_submitter(), "preferred_language": "zh-hans"})
    alice = clients["alice"]
    page = alice.get(reverse("referrals:directory"), {"language": "zh-hans"})
    body = page.content.decode()
    assert page.status_code == 200 and "East River Hospital" in body
    assert "Hospital del Sol" not in body
    page = alice.get(reverse("referrals:directory"), {"case": case.reference})
    body = page.content.decode()
    assert body.index("East River Hospital") < body.index("Hospital del Sol")
    assert "data-suggested" in body and "Refer this case" in body


def test_a_nonsense_filter_is_reported_and_ignored(partners, clients):
    page = clients["alice"].get(reverse("referrals:directory"), {"country": "XX", "city": "Lyon"})
    body = page.content.decode()
    assert "not understood" in body and "Clinique du Lac" in body


def test_the_directory_for_a_case_the_coordinator_cannot_see_is_404(partners, clients):
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=coordinator("carol"))
    assert (
        clients["bob"].get(reverse("referrals:directory"), {"case": case.reference}).status_code
        == 404
    )
    assert clients["ed"].get(reverse("referrals:directory")).status_code == 403


def _submitter():
    from tests.factories import make_intake

    return make_intake().submitter


# --- The supervisors' admin ------------------------------------------------------------


@pytest.fixture
def boss(postgres, signed_in):
    user = supervisor("boss")
    user.is_staff = True
    user.save()
    return signed_in(Client(), user)


def _inline_management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_supervisor_adds_a_partner_with_a_contact_through_the_admin(boss):
    add = reverse("admin:partners_organisation_add")
    page = boss.get(add)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'type="checkbox" name="languages"' in body and 'name="therapies"' in body
    data = {
        "name": "Hospital Norte",
        "kind": "hospital",
        "country": "ES",
        "city": "Bilbao",
        "active": "on",
        "languages": ["es", "en"],
        "condition_areas": ["blood"],
        "conditions": ["all"],
        "therapies": ["allo_car_t", "dli"],
        "takes_relapsed": "on",
        "agreement_signed_on": "2026-01-10",
        "notes": "",
        **_inline_management("contacts", 1, 0),
        "contacts-0-name": "Dr. Iker Etxeberria",
        "contacts-0-role": "Haematology",
        "contacts-0-email": "iker@norte.example.org",
        "contacts-0-language": "es",
        **_inline_management("trials", 0, 0),
    }
    response = boss.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(name="Hospital Norte")
    assert organisation.languages == ["es", "en"] and organisation.therapies == [
        "allo_car_t",
        "dli",
    ]
    assert organisation.contacts.get().email == "iker@norte.example.org"
    events = AuditEvent.objects.filter(action=AuditEvent.Action.PARTNER_CHANGED)
    assert events.filter(object_id=str(organisation.pk), detail="created").exists()


def test_contacts_are_retired_not_deleted(boss, partners):
    contact = partners["sol"].contacts.get()
    changelist = reverse("admin:partners_contact_changelist")
    response = boss.post(
        changelist, {"action": "retire", "_selected_action": [contact.pk]}, follow=True
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.retired_at is not None
    assert boss.get(reverse("admin:partners_contact_delete", args=[contact.pk])).status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PARTNER_CHANGED, detail=f"contact {contact.pk} retired"
    ).exists()


def test_an_agreement_that_ends_before_it_starts_is_refused(boss):
    response = boss.post(
        reverse("admin:partners_organisation_add"),
        {
            "name": "Odd Clinic",
            "kind": "hospital",
            "country": "ES",
            "city": "Madrid",
            "languages": ["es"],
            "agreement_signed_on": "2026-05-01",
            "agreement_expires_on": "2026-01-01",
            **_inline_management("contacts", 0, 0),
            **_inline_management("trials", 0, 0),
        },
    )
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    assert not Organisation.objects.filter(name="Odd Clinic").exists()


def test_coordinators_cannot_keep_the_directory(clients):
    assert clients["alice"].get(reverse("admin:partners_organisation_changelist")).status_code in (
        302,
        403,
    )
