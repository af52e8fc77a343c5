"""The per-case file limits hold when two uploads arrive at once: the services check them
with the case (or the draft) locked, so the second upload counts the first one's files,
and a refused upload leaves nothing behind, in the database or in storage."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases.models import Document
from cases.services import case_add_family_documents
from core import uploads
from intake import drafts
from intake.models import DraftUpload
from tests.factories import pdf_upload, submit_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def stored_files(root) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def batch(tag: str, count: int) -> list[uploads.CheckedUpload]:
    return [uploads.check_upload(pdf_upload(f"{tag}-{n}.pdf", 1)) for n in range(count)]


def at_once(attach, batches) -> tuple[list, list[ValidationError]]:
    """Each batch attached by its own thread (and database connection), all released
    together by a barrier; returns what succeeded and what was refused."""
    done, refused, errors = [], [], []
    barrier = threading.Barrier(len(batches))

    def run(checked):
        try:
            barrier.wait()
            done.append(attach(checked))
        except ValidationError as error:
            refused.append(error)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(checked,)) for checked in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return done, refused


def test_two_family_uploads_at_once_cannot_take_a_case_past_its_file_limit(
    postgres, settings, _private_upload_root
):
    assert settings.NAVIGATOR_MAX_FILES_PER_CASE == 20
    case = submit_case()
    done, refused = at_once(
        lambda checked: case_add_family_documents(case=case, checked=checked, category="imaging"),
        [batch("first", 12), batch("second", 12)],
    )
    assert len(done) == 1 and len(refused) == 1
    (error,) = refused
    assert error.code == "too_many_files"
    assert "at most 20 files. You have 12 already and chose 12 more" in error.messages[0]
    documents = Document.objects.filter(case=case)
    assert documents.count() == 12
    # Only the accepted upload's files are in storage: the refused one stored nothing.
    assert stored_files(_private_upload_root) == {d.file.name for d in documents}


def test_two_uploads_at_once_cannot_take_a_draft_past_its_size_limit(
    postgres, settings, _private_upload_root
):
    draft = drafts.draft_create(data={})
    first, second = batch("first", 3), batch("second", 3)
    settings.NAVIGATOR_MAX_CASE_BYTES = sum(item.size for item in first) + 1
    done, refused = at_once(
        lambda checked: drafts.draft_attach_uploads(
            draft=draft, checked=checked, category="pathology"
        ),
        [first, second],
    )
    assert len(done) == 1 and len(refused) == 1
    assert refused[0].code == "case_too_large"
    staged = DraftUpload.objects.filter(draft=draft)
    assert staged.count() == 3
    assert stored_files(_private_upload_root) == {u.file.name for u in staged}


def test_two_uploads_at_once_cannot_take_a_draft_past_its_file_limit(
    postgres, settings, _private_upload_root
):
    draft = drafts.draft_create(data={})
    done, refused = at_once(
        lambda checked: drafts.draft_attach_uploads(
            draft=draft, checked=checked, category="pathology"
        ),
        [batch("first", 11), batch("second", 11)],
    )
    assert len(done) == 1 and len(refused) == 1
    assert refused[0].code == "too_many_files"
    staged = DraftUpload.objects.filter(draft=draft)
    assert staged.count() == 11
    assert stored_files(_private_upload_root) == {u.file.name for u in staged}
