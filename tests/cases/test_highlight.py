"""Cutting a text around the sentences the claims gate flagged (pure, no database)."""

from cases.highlight import Part, split_flagged


def test_a_flagged_sentence_is_its_own_part_between_the_rest():
    parts = split_flagged("Hello there. You qualify. Bye.", ["You qualify."])
    assert parts == [
        Part("Hello there. ", False),
        Part("You qualify.", True),
        Part(" Bye.", False),
    ]


def test_the_parts_always_join_back_to_the_text():
    text = "A <b>one</b>.\nB two.\n\nC three. B two."
    parts = split_flagged(text, ["B two.", "C three."])
    assert "".join(p.text for p in parts) == text
    assert [p.text for p in parts if p.flagged] == ["B two.", "C three.", "B two."]


def test_a_sentence_whose_line_breaks_the_gate_joined_is_still_found():
    parts = split_flagged("Intro.\nHe will\n  be cured.", ["He will be cured."])
    assert parts == [Part("Intro.\n", False), Part("He will\n  be cured.", True)]


def test_overlapping_flags_are_merged_and_unknown_ones_mark_nothing():
    parts = split_flagged("He will be cured soon.", ["He will be cured", "be cured soon.", "x y"])
    assert parts == [Part("He will be cured soon.", True)]
    assert split_flagged("Nothing here.", ["Not present.", "  "]) == [Part("Nothing here.", False)]


def test_regex_characters_in_a_sentence_are_literal():
    assert split_flagged("Cost (approx.) is $5?", ["(approx.) is $5?"])[1] == Part(
        "(approx.) is $5?", True
    )
