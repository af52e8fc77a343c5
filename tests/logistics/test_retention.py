"""Tasks hold staff notes and places: they go when a closed case is anonymised, and they
are in the export of everything held on a case."""

import pytest

from cases.models import Case
from cases.retention import case_anonymise, case_record
from core import uploads
from logistics import services
from logistics.models import CaseTask
from tests.factories import make_document, pdf_upload

from .conftest import add_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(world):
    original = make_document(world["case"])
    task = add_task(
        world["case"], world["alice"], kind="translation", document=original, notes="Urgent"
    )
    services.task_attach_translation(
        task=task, by=world["alice"], checked=uploads.check_upload(pdf_upload())
    )
    return task


def test_anonymising_a_case_removes_its_tasks_even_a_translation_with_its_files(world, translated):
    add_task(world["theirs"], world["bob"])
    Case.objects.filter(pk=world["case"].pk).update(status=Case.Status.CLOSED)
    case_anonymise(case=world["case"])
    assert not CaseTask.objects.filter(case=world["case"]).exists()
    assert not world["case"].documents.exists()
    assert CaseTask.objects.filter(case=world["theirs"]).count() == 1


def test_the_export_lists_the_cases_tasks(world, translated):
    record = case_record(world["case"])
    assert [t["title"] for t in record["tasks"]] == [translated.title]
    assert record["tasks"][0]["notes"] == "Urgent"
