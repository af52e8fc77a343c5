"""The placeholders a message template may use, checked and filled in. Plain functions.

Written like Python's format strings ("Dear {family_name}, ..."), parsed by
string.Formatter, but only the names below are allowed, with no attribute, index, format
spec or conversion: a template is text from the admin, never code."""

from string import Formatter

PLACEHOLDERS = {
    "family_name": "the name of the person who wrote the inquiry",
    "coordinator_name": "the coordinator's first name",
    "case_reference": "the case reference, e.g. NAV-2026-000123",
}
SAMPLE_VALUES = {
    "family_name": "Maria Lopez",
    "coordinator_name": "Sam",
    "case_reference": "NAV-2026-000123",
}


class PlaceholderError(ValueError):
    pass


def placeholders_in(body: str) -> list[str]:
    """The placeholder names `body` uses, in order; PlaceholderError for an unknown name,
    a stray brace or anything but a plain {name}."""
    names = []
    try:
        parsed = list(Formatter().parse(body))
    except ValueError as broken:
        raise PlaceholderError(
            f"A brace is not closed or not opened ({broken}). Write {{{{ or }}}} for a brace "
            "the family should see."
        ) from broken
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            raise PlaceholderError(
                f"Unknown placeholder {{{name}}}. You may use: "
                + ", ".join(f"{{{known}}}" for known in PLACEHOLDERS)
                + "."
            )
        names.append(name)
    return names


def fill(body: str, values: dict[str, str]) -> str:
    """`body` with each placeholder replaced by its value."""
    placeholders_in(body)
    return body.format_map({name: values.get(name, "") for name in PLACEHOLDERS})
