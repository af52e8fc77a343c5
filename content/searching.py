"""How the library's search compares words: the same folding for the stored text of a
published article and for what a reader types, so that "CAR-T", "car-t" and "ＣＡＲ-Ｔ"
match, and a phrase broken over two lines of Markdown still matches. Pure functions."""

import unicodedata


def folded(text: str) -> str:
    """Compatibility forms unified (full-width letters), case folded, runs of whitespace
    made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def searchable_text(*, title: str, summary: str, body: str) -> str:
    return folded(f"{title}\n{summary}\n{body}")
