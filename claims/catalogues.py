"""The claims gate over translation catalogues: every family-facing string we ship, in
every language, is something Navigator says. Used by `check_claims --catalogues` and
the catalogue test (a translator's edit can turn a status into a verdict)."""

import re
from pathlib import Path

from . import gate

# "%(name)s", "{{ reference }}": a name goes there at run time; "%(count)d": a number.
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\{[^}]*\}\}|%s")
NUMBER_PLACEHOLDER = re.compile(r"%\(\w+\)d|%d")
# Catalogue folder name -> the language code the gate and Django use.
LANGUAGE_OF = {"zh_Hans": "zh-hans", "es": "es", "ar": "ar", "ru": "ru", "fr": "fr", "en": "en"}


def _texts(entry) -> list[str]:
    texts = [entry.msgstr] + [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [NUMBER_PLACEHOLDER.sub("3", PLACEHOLDER.sub("Ana", text)) for text in texts if text]


def flagged_entries(po_path: Path, language: str) -> list[tuple[str, gate.Verdict]]:
    """(msgid, verdict) for each translated entry the gate does not pass."""
    import polib

    flagged = []
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete:
            continue
        for text in _texts(entry):
            verdict = gate.check(text, channel=gate.Channel.CATALOGUE, language=language)
            if not verdict.passed:
                flagged.append((entry.msgid, verdict))
    return flagged


def shipped_catalogues(locale_dir: Path) -> list[tuple[Path, str]]:
    return [
        (path, LANGUAGE_OF.get(path.parts[-3], path.parts[-3]))
        for path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po"))
    ]
