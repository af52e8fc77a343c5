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


def _filled(text: str) -> str:
    return NUMBER_PLACEHOLDER.sub("3", PLACEHOLDER.sub("Ana", text))


def _texts(entry) -> list[str]:
    texts = [entry.msgstr] + [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [_filled(text) for text in texts if text]


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


def shipped_texts(locale_dir: Path) -> dict[str, list[str]]:
    """Every family-facing string we ship, per language as the corpus names them: the
    English source strings (msgids) and each catalogue's translations. Cross-validation
    (claims/crossval.py) only accepts settings under which all of them pass."""
    import polib

    from .corpus import LANGUAGES

    texts: dict[str, set[str]] = {"en": set()}
    for po_path, code in shipped_catalogues(locale_dir):
        language = next(lang for lang in LANGUAGES if code.startswith(lang))
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            texts.setdefault(language, set()).update(_texts(entry))
            texts["en"].update(_filled(t) for t in (entry.msgid, entry.msgid_plural) if t)
    return {language: sorted(found) for language, found in texts.items()}
