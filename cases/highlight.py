"""Marking the sentences the claims gate flagged inside a text, as plain data.

    split_flagged("Hello. You qualify.", ["You qualify."])
    # [Part("Hello. ", False), Part("You qualify.", True)]

The template prints each part autoescaped and wraps the flagged ones in <mark>; no text is
ever marked safe. A flagged sentence is found however its whitespace was changed (the gate
may join lines); one that is not found is simply not marked (it is listed beside the text).
"""

import re
from collections.abc import Iterable
from typing import NamedTuple


class Part(NamedTuple):
    text: str
    flagged: bool


def _spans(text: str, sentence: str) -> list[tuple[int, int]]:
    words = sentence.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    return [match.span() for match in re.finditer(pattern, text)]


def split_flagged(text: str, sentences: Iterable[str]) -> list[Part]:
    """`text` cut into parts, flagged where one of `sentences` occurs (overlaps merged)."""
    spans = sorted(span for sentence in sentences for span in _spans(text, sentence))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[Part] = []
    position = 0
    for start, end in merged:
        if start > position:
            parts.append(Part(text[position:start], False))
        parts.append(Part(text[start:end], True))
        position = end
    if position < len(text):
        parts.append(Part(text[position:], False))
    return parts
