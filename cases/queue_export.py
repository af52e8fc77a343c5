"""The queue as a CSV file: the same cases the queue shows (tab, filters, search, sort),
one row each, with initials in place of names. Rows are read in chunks and written as
they are sent, so a large export never sits in memory."""

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone

from .models import Case
from .models.inquiry import initials_of

HEADER = [
    "reference",
    "status",
    "urgency",
    "condition_area",
    "language",
    "country",
    "coordinator",
    "submitted_at",
    "first_contact_due_at",
    "reply_due_at",
    "family_initials",
    "patient_initials",
]

_FIELDS = (
    "reference",
    "status",
    "urgency",
    "condition_area",
    "language",
    "country",
    "coordinator__username",
    "submitted_at",
    "first_contact_due_at",
    "reply_due_at",
    "submitter__full_name",
    "patient__full_name",
)

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _when(value) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def export_rows(cases) -> Iterator[list[str]]:
    """The header, then one row per case of `cases` (a queue queryset), in its order."""
    yield HEADER
    statuses = dict(Case.Status.choices)
    urgencies = dict(Case._meta.get_field("urgency").choices)
    for row in cases.values_list(*_FIELDS).iterator(chunk_size=2000):
        (reference, status, urgency, area, language, country, coordinator) = row[:7]
        submitted, due, reply_due, family, patient = row[7:]
        yield [
            _cell(value)
            for value in (
                reference,
                statuses.get(status, status),
                urgencies.get(urgency, urgency),
                area,
                language,
                country,
                coordinator or "",
                _when(submitted),
                _when(due),
                _when(reply_due),
                initials_of(family or ""),
                initials_of(patient or ""),
            )
        ]


class _Line:
    """What csv.writer writes to: hands back each line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    for row in rows:
        yield writer.writerow(row)
