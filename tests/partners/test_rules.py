from datetime import date

import pytest

from partners.rules import agreement_in_force, organisation_agreement_in_force
from tests.factories import make_partner

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("signed", "ends", "expected"),
    [
        (None, None, False),
        (date(2026, 1, 1), None, True),
        (date(2026, 12, 5), None, False),  # signed tomorrow: not yet
        (date(2026, 1, 1), date(2026, 12, 4), True),  # its last day
        (date(2026, 1, 1), date(2026, 12, 3), False),  # ended yesterday
    ],
)
def test_agreement_in_force(signed, ends, expected):
    assert agreement_in_force(signed_on=signed, expires_on=ends, today=TODAY) is expected


def test_a_department_is_covered_by_its_hospitals_agreement(postgres):
    hospital, _ = make_partner("Hospital", agreement=True)
    department, _ = make_partner("Haematology", agreement=False, parent=hospital)
    orphan, _ = make_partner("Clinic", agreement=False)
    assert organisation_agreement_in_force(department, TODAY)
    assert not organisation_agreement_in_force(orphan, TODAY)
