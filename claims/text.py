"""Text before it is judged: normalised so invisible characters cannot hide a word, split
into sentences in every language families write, and its language recognised.

Plain functions, no Django.
"""

import re
import unicodedata
from functools import cache

# Characters that change nothing a reader sees but split a word for a program: soft
# hyphen, zero-width space/joiners, word joiner, byte-order mark, bidirectional controls.
INVISIBLE = dict.fromkeys(
    [0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A)),
    None,
)

SUPPORTED = ("en", "es", "zh", "ar", "ru", "fr")
# Latin-script languages the detector may name; a confident one outside SUPPORTED means
# the gate cannot judge the text and sends it to a person.
LATIN_CANDIDATES = ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "id", "vi", "ro"]

# After NFKC, Chinese full-width ！ and ？ are ASCII, and no space follows them.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[。！？؟])\s*|(?<=[!?])(?=[\u3400-\u9fff])")
# A new block starts at a blank line, a heading, a list item or a table row; lines inside
# a block (a wrapped paragraph) belong to the same sentences.
_BLOCK_START = re.compile(r"^\s*($|#|[-*+]\s|\d+\.\s|\|)")
_MARKDOWN_NOISE = re.compile(r"^[\s>#*\-+|]+|^\d+\.\s+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)")


def normalise(text: str) -> str:
    """NFKC (full-width and compatibility forms become plain letters), invisible
    characters removed, typographic quotes kept."""
    return unicodedata.normalize("NFKC", (text or "").translate(INVISIBLE))


def _blocks(text: str) -> list[str]:
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if _BLOCK_START.match(line) or not blocks:
            blocks.append([])
        if line.strip():
            blocks[-1].append(line.strip())
    return [" ".join(lines) for lines in blocks if lines]


def split_sentences(text: str) -> list[str]:
    """Sentences of normalised text; Markdown markers and table bars are not words."""
    sentences = []
    for block in _blocks(_EMPHASIS.sub("", normalise(text))):
        for raw in _SENTENCE_END.split(block.replace("|", ". ")):
            sentence = _MARKDOWN_NOISE.sub("", raw).strip(" .")
            if sentence and any(ch.isalpha() for ch in sentence):
                sentences.append(sentence)
    return sentences


def _script_language(text: str) -> str | None:
    counts = {"zh": 0, "ar": 0, "ru": 0, "latin": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            counts["zh"] += 1
        elif 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F:
            counts["ar"] += 1
        elif 0x0400 <= code <= 0x04FF:
            counts["ru"] += 1
        elif code < 0x0250:
            counts["latin"] += 1
        else:
            counts.setdefault("other", 0)
            counts["other"] += 1
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        return None
    return best


def _has_script(text: str, language: str) -> bool:
    ranges = {"zh": [(0x3400, 0x9FFF)], "ar": [(0x0600, 0x077F)], "ru": [(0x0400, 0x04FF)]}
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in ranges[language])


@cache
def _latin_identifier():
    from py3langid.langid import _load_identifier

    identifier = _load_identifier(norm_probs=True, langs=LATIN_CANDIDATES)
    # Restricted to our candidates, it still keeps the table of all 97 languages (28 MB
    # of the claims model's memory) only so that it could be widened again; it never is.
    identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)
    return identifier


def detect_language(text: str, hint: str | None = None) -> str:
    """The language of `text`: its script decides Chinese, Arabic and Russian; for Latin
    script a small model that ships with py3langid chooses. Short or unclear text takes
    `hint` (the family's language, say). An answer outside SUPPORTED means the gate
    cannot judge it."""
    hint = (hint or "").split("-")[0].lower() or None  # "zh-hans" -> "zh"
    if hint in ("zh", "ar", "ru") and _has_script(text, hint):
        return hint  # a Chinese greeting with a Latin-script name is still Chinese
    script = _script_language(text)
    if script in ("zh", "ar", "ru"):
        return script
    if script == "other":
        return "other"
    if script is None:
        return hint or "en"
    language, probability = _latin_identifier().classify(text)
    letters = sum(ch.isalpha() for ch in text)
    if letters < 20 or probability < 0.8:
        return hint if hint in SUPPORTED and hint not in ("zh", "ar", "ru") else "en"
    if language not in SUPPORTED and (letters < 40 or probability < 0.99):
        return hint if hint in SUPPORTED and hint not in ("zh", "ar", "ru") else "en"
    return language
