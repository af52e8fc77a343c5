"""What a file must be before Navigator keeps it (cases/uploads.py)."""

import pytest
from django.core.exceptions import ValidationError

from core import uploads
from tests.factories import (
    EXE_BYTES,
    HTML_BYTES,
    dicom_bytes,
    image_bytes,
    pdf_bytes,
    upload,
)


@pytest.mark.parametrize(
    ("name", "content", "declared", "detected"),
    [
        ("report.pdf", pdf_bytes(3), "application/pdf", "application/pdf"),
        ("photo.JPG", image_bytes("JPEG"), "image/jpeg", "image/jpeg"),
        ("scan.png", image_bytes("PNG"), "image/png", "image/png"),
        ("slide.tiff", image_bytes("TIFF"), "image/tiff", "image/tiff"),
        ("ct.dcm", dicom_bytes(), "application/octet-stream", "application/dicom"),
        ("report.pdf", pdf_bytes(1), "", "application/pdf"),
    ],
)
def test_accepted_types_pass_and_are_identified_by_content(name, content, declared, detected):
    checked = uploads.check_upload(upload(name, content, declared))
    assert checked.content_type == detected
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def test_a_pdf_page_count_is_recorded():
    assert uploads.check_upload(upload("r.pdf", pdf_bytes(3), "application/pdf")).page_count == 3


@pytest.mark.parametrize(
    ("name", "content", "declared", "code"),
    [
        ("setup.pdf", EXE_BYTES, "application/pdf", "type_refused"),  # an .exe renamed .pdf
        ("scan.png", HTML_BYTES, "image/png", "type_refused"),  # HTML disguised as PNG
        ("notes.txt", b"plain words", "text/plain", "type_refused"),
        ("empty.pdf", b"", "application/pdf", "empty"),
        ("scan.pdf", image_bytes("PNG"), "application/pdf", "extension_mismatch"),
        ("scan", image_bytes("PNG"), "image/png", "extension_mismatch"),
        ("scan.png", image_bytes("PNG"), "application/pdf", "declared_mismatch"),
        ("broken.pdf", b"%PDF-1.4\n" + b"garbage" * 50, "application/pdf", "corrupt"),
        ("broken.png", image_bytes("PNG")[:60], "image/png", "corrupt"),
    ],
)
def test_refused_files_say_why(name, content, declared, code):
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload(name, content, declared))
    assert refused.value.code == code
    assert uploads.clean_filename(name) in refused.value.messages[0]


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.NAVIGATOR_MAX_FILE_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("big.pdf", pdf_bytes(5) + b"\n" * 2000, "application/pdf"))
    assert refused.value.code == "too_large"
    assert "at most" in refused.value.messages[0]


@pytest.mark.parametrize("pixels", [60 * 60, 120 * 120])  # Pillow's warning zone, then its error
def test_images_past_the_pixel_limit_are_refused_as_bombs(settings, pixels):
    settings.NAVIGATOR_MAX_IMAGE_PIXELS = 2500
    side = int(pixels**0.5)
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("bomb.png", image_bytes("PNG", (side, side), "1"), "image/png"))
    assert refused.value.code == "image_bomb"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\scan.png", "scan.png"),
        ("bad\x00name\x1f.pdf", "badname.pdf"),
        ("   ", "report"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
        ("<script>.pdf", "<script>.pdf"),  # kept as text; templates escape it
    ],
)
def test_filenames_lose_paths_and_control_characters(raw, clean):
    assert uploads.clean_filename(raw) == clean


def test_limits_count_what_the_case_already_holds(settings):
    settings.NAVIGATOR_MAX_FILES_PER_CASE = 3
    new = [upload("a.pdf", b"x"), upload("b.pdf", b"x")]
    uploads.check_limits(new=new, existing_count=1, existing_bytes=0)
    with pytest.raises(ValidationError) as refused:
        uploads.check_limits(new=new, existing_count=2, existing_bytes=0)
    assert refused.value.code == "too_many_files"


def test_limits_count_total_size(settings):
    settings.NAVIGATOR_MAX_CASE_BYTES = 10
    with pytest.raises(ValidationError) as refused:
        uploads.check_limits(new=[upload("a.pdf", b"x" * 6)], existing_count=0, existing_bytes=5)
    assert refused.value.code == "case_too_large"
