"""makemessages over the family-facing folders only.

Families read every word in these folders, so every word there is translated into each
language the inquiry offers (tests/intake/test_translations.py checks the catalogues are
complete). Staff pages (cases outside cases/family/, accounts, audit, documents' hospital
summary, templates/staff/, the admin) are in English and are not extracted.

A file's folder says who reads it: put family-facing words in one of these folders, and
staff-only words outside them.
"""

import os

from django.core.management.commands import makemessages

FAMILY_FACING = [
    "core",
    "intake",
    "content",
    "navigator",  # the language names of the switcher
    "cases/family",
    "templates/includes",
    "templates/intake",
    "templates/content",
    "templates/email/family",
    "templates/documents/family",
    "templates/referrals/family",
]
# The project-wide pages directly in templates/: base.html, home.html, the error pages.
FAMILY_FACING_TOP_LEVEL = ["templates"]


class Command(makemessages.Command):
    help = "Runs makemessages over the family-facing folders only (see FAMILY_FACING)."

    def find_files(self, root):
        files = []
        for folder in FAMILY_FACING:
            files += super().find_files(os.path.join(root, folder))
        for folder in FAMILY_FACING_TOP_LEVEL:
            top = os.path.normpath(os.path.join(root, folder))
            files += [f for f in super().find_files(top) if os.path.normpath(f.dirpath) == top]
        unique = {f.path: f for f in files}  # a folder listed inside another counts once
        return sorted(unique.values())
