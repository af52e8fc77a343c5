"""The project's own labelled corpus (claims/corpus/*.tsv), written by the team in our
own words, and its fixed split.

Each row: language, label (claim or safe), kind (what sort of claim or safe sentence),
sentence. The split is decided by a hash of the sentence, so it never changes when rows
are added elsewhere: train (65%) fits the model, dev (15%) tunes thresholds and designs,
test (20%) is only ever read by `evaluate_claims` and its test.
"""

import csv
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
LANGUAGES = ("en", "es", "zh", "ar", "ru", "fr")


@dataclass(frozen=True)
class Example:
    language: str
    label: str  # "claim" or "safe"
    kind: str
    sentence: str

    @property
    def is_claim(self) -> bool:
        return self.label == "claim"

    @property
    def split(self) -> str:
        bucket = int(hashlib.sha256(self.sentence.encode("utf-8")).hexdigest()[:8], 16) % 100
        return "train" if bucket < 65 else "dev" if bucket < 80 else "test"


def read(path: Path) -> list[Example]:
    """The rows of one corpus file, in order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Example(
                language=row["lang"].strip(),
                label=row["label"].strip(),
                kind=row["kind"].strip(),
                sentence=row["sentence"].strip(),
            )
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


@cache
def examples() -> tuple[Example, ...]:
    rows, seen = [], set()
    for path in sorted(CORPUS_DIR.glob("*.tsv")):
        for example in read(path):
            if example.sentence in seen:
                continue  # the same sentence written twice counts once
            seen.add(example.sentence)
            rows.append(example)
    return tuple(rows)


def split(name: str) -> list[Example]:
    return [e for e in examples() if e.split == name]
