"""Anonymise closed cases past the retention period (the nightly task does the same).

python manage.py anonymise_closed_cases --dry-run
"""

from django.core.management.base import BaseCommand

from cases import retention


class Command(BaseCommand):
    help = "Remove personal data from closed cases past the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")

    def handle(self, *args, dry_run: bool, **options):
        result = retention.cases_anonymise_closed(dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(f"{verb} {len(result.references)} case(s).")
        for reference in result.references:
            self.stdout.write(f"  {reference}")
        if not dry_run:
            self.stdout.write(f"Deleted {result.files_deleted} file(s).")
