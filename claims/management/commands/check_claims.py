"""Report eligibility and outcome claims in text files, for editors working outside the app.

    python manage.py check_claims drafts/*.md

Exits with status 1 when any file has a claim, so it can guard a script or a hook.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.rules import find_claims


class Command(BaseCommand):
    help = "Report sentences that read as eligibility or outcome claims in text files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="text or Markdown files")

    def handle(self, *args, paths: list[str], **options):
        found = 0
        for name in paths:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: cannot read it as UTF-8 text ({error})") from error
            claims = find_claims(text)
            for claim in claims:
                self.stdout.write(f"{name}: {claim.reason}: {claim.sentence}")
            if not claims:
                self.stdout.write(f"{name}: no claims found")
            found += len(claims)
        if found:
            self.stderr.write(self.style.ERROR(f"{found} claim(s) found."))
            raise SystemExit(1)
