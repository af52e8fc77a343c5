"""python manage.py check_storage [--sizes] [--checksums] [--orphans]

For the engineer on call: can this machine reach the file storage, write, read and delete
there; does every file a row names exist (and, asked, have the size and SHA-256 the row
recorded); which stored files no row names. Exits 1 when anything is wrong, so it can run
from cron or a monitor. Prints model names, row ids and the random stored names, never a
family's file name or any health data.
"""

import hashlib
import uuid

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models

from core import storage

PROBE_PREFIX = "healthcheck/"


def file_fields():
    """(model, field) for every FileField of every installed model, found through the app
    registry, so core names no app above it."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def walk(directory: str = ""):
    """Every stored name under `directory`."""
    folders, files = default_storage.listdir(directory)
    for name in files:
        yield f"{directory}{name}"
    for folder in folders:
        yield from walk(f"{directory}{folder}/")


class Command(BaseCommand):
    help = "Check the file storage: reachable, writable, and holding every file rows name."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", action="store_true", help="compare each file's size")
        parser.add_argument(
            "--checksums", action="store_true", help="read each file and compare its SHA-256"
        )
        parser.add_argument(
            "--orphans", action="store_true", help="list stored files that no row names"
        )

    def handle(self, *args, sizes=False, checksums=False, orphans=False, **options):
        self.problems = 0
        self.stdout.write(f"Files are kept in the {storage.describe()}.")
        self._round_trip()
        named = set()
        for model, field in file_fields():
            named |= self._check_rows(model, field, sizes=sizes, checksums=checksums)
        if orphans:
            self._orphans(named)
        if self.problems:
            self.stderr.write(f"{self.problems} problem(s) found.")
            raise SystemExit(1)
        self.stdout.write("No problems found.")

    def _problem(self, text: str) -> None:
        self.problems += 1
        self.stderr.write(text)

    def _round_trip(self) -> None:
        data = uuid.uuid4().bytes * 64
        try:
            name = default_storage.save(f"{PROBE_PREFIX}{uuid.uuid4().hex}", ContentFile(data))
            with storage.open_stream(name) as stream:
                back = stream.read()
            default_storage.delete(name)
        except storage.storage_errors() as error:
            self._problem(f"Write, read and delete failed: {type(error).__name__}: {error}")
            raise SystemExit(1) from error
        if back != data:
            self._problem("A file written to the storage came back different.")
            raise SystemExit(1)
        self.stdout.write("Write, read and delete: ok.")

    def _check_rows(self, model, field, *, sizes: bool, checksums: bool) -> set[str]:
        label = f"{model._meta.label}.{field.name}"
        has_size = sizes and any(f.name == "size" for f in model._meta.concrete_fields)
        digest_field = next(
            (f.name for f in model._meta.concrete_fields if f.name in ("sha256", "checksum")),
            None,
        )
        wanted = ["pk", field.name] + (["size"] if has_size else [])
        wanted += [digest_field] if checksums and digest_field else []
        rows = model._default_manager.exclude(**{field.name: ""}).values(*wanted)
        names, checked = set(), 0
        for row in rows.iterator():
            name = row[field.name]
            names.add(name)
            checked += 1
            try:
                if not default_storage.exists(name):
                    self._problem(f"{label} #{row['pk']}: {name} is missing.")
                    continue
                if has_size and default_storage.size(name) != row["size"]:
                    self._problem(f"{label} #{row['pk']}: {name} has another size than recorded.")
                if checksums and digest_field and row[digest_field]:
                    digest = hashlib.sha256()
                    with storage.open_stream(name) as stream:
                        for chunk in iter(lambda s=stream: s.read(256 * 1024), b""):
                            digest.update(chunk)
                    if digest.hexdigest() != row[digest_field]:
                        self._problem(f"{label} #{row['pk']}: {name} fails its SHA-256 check.")
            except storage.storage_errors() as error:
                self._problem(f"{label} #{row['pk']}: {name} unreadable ({type(error).__name__}).")
        self.stdout.write(f"{label}: {checked} file(s) checked.")
        return names

    def _orphans(self, named: set[str]) -> None:
        found = 0
        for name in walk():
            if name not in named and not name.startswith(PROBE_PREFIX):
                found += 1
                self.stdout.write(f"Not named by any row: {name}")
        self.stdout.write(f"{found} stored file(s) that no row names.")
