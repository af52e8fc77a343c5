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
    "records/family",
    "templates/records/family",
    "templates/includes",
    "templates/intake",
    "templates/content",
    "templates/email/family",
    "templates/documents/family",
    # Partners read these in their own language too (English where we ship no catalogue).
    "templates/email/partner",
    "templates/referrals/portal",
    "templates/referrals/family",
    "conversations/family",
    "templates/conversations/family",
    "templates/logistics/family",
    "templates/desk/family",
]
# Single files that family or partner readers see, in folders that are otherwise staff's.
FAMILY_FACING_FILES = [
    "documents/family_words.py",
    "referrals/portal_forms.py",
    "referrals/portal_views.py",
    "records/family_forms.py",
    "records/family_views.py",
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
        for name in FAMILY_FACING_FILES:
            wanted = os.path.normpath(os.path.join(root, name))
            folder = os.path.dirname(wanted)
            files += [
                f
                for f in super().find_files(folder)
                if os.path.normpath(os.path.join(f.dirpath, f.file)) == wanted
            ]
        unique = {f.path: f for f in files}  # a folder listed inside another counts once
        return sorted(unique.values())
