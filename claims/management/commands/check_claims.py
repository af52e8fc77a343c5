"""Report eligibility and outcome claims in text files or in the shipped translation
catalogues, for editors and translators working outside the app.

    python manage.py check_claims drafts/*.md
    python manage.py check_claims --language es carta.txt
    python manage.py check_claims --catalogues        # every locale/*/LC_MESSAGES/django.po

Exits with status 1 when anything is flagged (held for review or refused), so it can
guard a script or a hook.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.catalogues import flagged_entries, shipped_catalogues
from claims.gate import find_claims


class Command(BaseCommand):
    help = "Report sentences that read as eligibility or outcome claims."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="text or Markdown files")
        parser.add_argument("--language", help="the files' language (detected when left out)")
        parser.add_argument(
            "--catalogues", action="store_true", help="check every shipped translation"
        )

    def handle(self, *args, paths: list[str], language: str | None, catalogues: bool, **options):
        if not paths and not catalogues:
            raise CommandError("Name files to check, or use --catalogues.")
        found = 0
        for name in paths:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: cannot read it as UTF-8 text ({error})") from error
            claims = find_claims(text, language=language)
            for claim in claims:
                self.stdout.write(f"{name}: {claim.reason}: {claim.sentence}")
            if not claims:
                self.stdout.write(f"{name}: no claims found")
            found += len(claims)
        if catalogues:
            for po_path, code in shipped_catalogues(Path(settings.LOCALE_PATHS[0])):
                flagged = flagged_entries(po_path, code)
                for msgid, verdict in flagged:
                    self.stdout.write(f"{po_path}: {msgid!r}: {verdict.summary()}")
                self.stdout.write(f"{po_path}: {len(flagged)} entr(ies) flagged")
                found += len(flagged)
        if found:
            self.stderr.write(self.style.ERROR(f"{found} claim(s) found."))
            raise SystemExit(1)
