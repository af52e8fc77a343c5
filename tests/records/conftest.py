from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from intake import services as intake_services
from records import services
from tests.factories import coordinator, make_intake, submit_case


@pytest.fixture
def coord(db):
    return coordinator("coord.records")


@pytest.fixture
def case(coord):
    """A Spanish-speaking family's case, assigned to `coord`."""
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "preferred_language": "es"})
    Case.objects.filter(pk=case.pk).update(coordinator=coord)
    case.refresh_from_db()
    return case


@pytest.fixture
def token(case):
    return intake_services.case_issue_status_link(case=case)


@pytest.fixture
def make_request(coord):
    def make(case, kinds=("pathology",), days=7, **extra):
        return services.records_request_create(
            case=case,
            by=coord,
            kinds=list(kinds),
            due_on=timezone.localdate() + timedelta(days=days),
            **extra,
        )

    return make


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]
