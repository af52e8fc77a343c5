"""Render a case summary for operators, through the same service the workers use.

python manage.py render_case_summary NAV-2026-000123 --output summary.pdf
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from documents import builders


class Command(BaseCommand):
    help = "Render one case's summary PDF to a file (checked like any generated PDF)."

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument("--output", required=True)

    def handle(self, *args, reference: str, output: str, **options):
        case = Case.objects.filter(reference__iexact=reference.strip()).first()
        if case is None:
            raise CommandError(f"No case with reference {reference}.")
        rendered = builders.case_summary(case)
        try:
            pages = builders.check(rendered)
        except builders.RenderFailedError as failure:
            raise CommandError(str(failure)) from failure
        Path(output).write_bytes(rendered.data)
        self.stdout.write(f"Wrote {output}: {pages} page(s), {len(rendered.data)} bytes.")
