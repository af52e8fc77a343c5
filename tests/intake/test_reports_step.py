"""The inquiry's reports step: several files at once, each refused file named, nothing
half-saved."""

import pytest
from django.urls import reverse

from intake.models import DraftUpload
from tests.factories import (
    EXE_BYTES,
    HTML_BYTES,
    STEP_ANSWERS,
    jpeg_upload,
    pdf_upload,
    png_upload,
    post_reports,
    post_step,
    step_url,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_reports(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about", STEP_ANSWERS["about"])
    return client


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_several_files_attach_at_once_under_random_names(at_reports, _private_upload_root):
    response = post_reports(at_reports, [pdf_upload(), png_upload(), jpeg_upload()], attach="1")
    assert response.status_code == 302
    assert response.url == step_url("reports")
    uploads = list(DraftUpload.objects.order_by("id"))
    assert [u.original_name for u in uploads] == ["pathology.pdf", "scan.png", "photo.jpg"]
    assert {u.category for u in uploads} == {"pathology"}
    files = stored_files(_private_upload_root)
    assert len(files) == 3
    assert not any(f.name in {"pathology.pdf", "scan.png", "photo.jpg"} for f in files)
    page = at_reports.get(step_url("reports")).content.decode()
    assert "pathology.pdf" in page and "photo.jpg" in page


def test_one_bad_file_refuses_the_batch_and_names_each_problem(at_reports, _private_upload_root):
    response = post_reports(
        at_reports,
        [
            pdf_upload(),
            upload("setup.pdf", EXE_BYTES, "application/pdf"),
            upload("cat.png", HTML_BYTES, "image/png"),
        ],
    )
    assert response.status_code == 200
    errors = str(response.context["form"].errors["files"])
    assert "setup.pdf" in errors and "cat.png" in errors
    assert "pathology.pdf" not in errors
    assert not DraftUpload.objects.exists()
    assert stored_files(_private_upload_root) == []


def test_files_without_a_category_are_refused(at_reports):
    response = post_reports(at_reports, [pdf_upload()], category="")
    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    assert not DraftUpload.objects.exists()


def test_more_than_twenty_files_is_refused_with_a_clear_message(at_reports):
    response = post_reports(at_reports, [pdf_upload(f"r{i}.pdf", 1) for i in range(21)])
    assert response.status_code == 200
    assert "at most 20 files" in str(response.context["form"].errors["files"])
    assert not DraftUpload.objects.exists()


def test_the_twenty_file_limit_counts_files_already_attached(at_reports, settings):
    settings.NAVIGATOR_MAX_FILES_PER_CASE = 2
    post_reports(at_reports, [pdf_upload("a.pdf", 1)], attach="1")
    response = post_reports(at_reports, [pdf_upload("b.pdf", 1), pdf_upload("c.pdf", 1)])
    assert response.status_code == 200
    assert DraftUpload.objects.count() == 1
    message = "A case can hold at most 2 files. You have 1 already and chose 2 more."
    assert message in response.context["form"].errors["files"]


def test_a_body_larger_than_a_case_is_refused_before_it_is_read(at_reports, settings):
    settings.NAVIGATOR_MAX_CASE_BYTES = 1000
    response = at_reports.post(
        step_url("reports"),
        {
            "reports-files": [upload("big.pdf", b"%PDF-1.4\n" + b"0" * 1_100_000)],
            "reports-category": "pathology",
            "inquiry_wizard-current_step": "reports",
        },
    )
    assert response.status_code == 200
    assert "larger than" in str(response.context["form"].errors["files"])
    assert not DraftUpload.objects.exists()


def test_categories_can_be_changed_and_files_removed(
    at_reports, _private_upload_root, django_capture_on_commit_callbacks
):
    post_reports(at_reports, [pdf_upload("a.pdf", 1), pdf_upload("b.pdf", 1)], attach="1")
    first, second = DraftUpload.objects.order_by("id")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_reports(
            at_reports,
            [],
            category="",
            **{f"upload-category-{first.pk}": "imaging", "remove_upload": str(second.pk)},
        )
    assert response.status_code == 302
    assert list(DraftUpload.objects.values_list("original_name", "category")) == [
        ("a.pdf", "imaging")
    ]
    assert len(stored_files(_private_upload_root)) == 1


def test_a_forged_upload_id_changes_nothing_in_another_draft(client, django_user_model):
    other = client.__class__()
    other.get(reverse("intake:inquiry_wizard"))
    post_step(other, "about", STEP_ANSWERS["about"])
    post_reports(other, [pdf_upload("theirs.pdf", 1)], attach="1")
    theirs = DraftUpload.objects.get()

    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about", STEP_ANSWERS["about"])
    post_reports(
        client,
        [],
        category="",
        **{f"upload-category-{theirs.pk}": "other", "remove_upload": str(theirs.pk)},
    )
    theirs.refresh_from_db()
    assert theirs.category == "pathology"


def test_files_chosen_before_pressing_back_are_kept(at_reports):
    response = post_reports(at_reports, [pdf_upload()], wizard_goto_step="treatment")
    assert response.status_code == 302
    assert response.url == step_url("treatment")
    assert DraftUpload.objects.count() == 1
