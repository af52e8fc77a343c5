"""claims/text.py: nothing invisible hides a word; sentences and languages are found."""

import pytest

from claims.text import detect_language, normalise, split_sentences


@pytest.mark.parametrize("hidden", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_invisible_characters_inside_a_word_are_removed(hidden):
    assert normalise(f"eli{hidden}gible") == "eligible"


def test_full_width_letters_become_plain():
    assert normalise("ｅｌｉｇｉｂｌｅ") == "eligible"


def test_chinese_and_arabic_sentences_split_without_spaces():
    assert split_sentences("您好。您父亲符合条件！请发送报告？") == [
        "您好。",
        "您父亲符合条件!",
        "请发送报告?",
    ]
    assert split_sentences("هل هو مؤهل؟ نعم") == ["هل هو مؤهل؟", "نعم"]


def test_markdown_paragraphs_wrapped_over_lines_are_read_as_sentences():
    text = "## Heading\n\nThis treatment\nwill cure the\ndisease.\n\n- a list item\n| a | b |"
    assert "This treatment will cure the disease" in split_sentences(text)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Your father is eligible for the trial and we will tell the hospital.", "en"),
        ("Su padre es elegible para el ensayo clínico que le comentamos.", "es"),
        ("Votre père est éligible pour l'essai clinique dont nous parlions.", "fr"),
        ("您父亲符合入组条件。", "zh"),
        ("والدك مؤهل للتجربة", "ar"),
        ("Ваш отец подходит для исследования.", "ru"),
        ("Ihr Vater ist für die Studie geeignet und wird sicher aufgenommen.", "de"),
    ],
)
def test_languages_are_recognised(text, language):
    assert detect_language(text) == language


def test_short_latin_text_takes_the_hint():
    assert detect_language("Records sent.", hint="es") == "es"
    assert detect_language("OK", hint="zh-hans") == "en"  # a Latin text is not Chinese


def test_the_language_identifier_keeps_only_the_candidates_table():
    from claims.text import LATIN_CANDIDATES, _latin_identifier

    identifier = _latin_identifier()
    table = identifier._full_model[0]
    assert table is identifier.nb_ptc  # the 97-language table is let go
    assert table.shape[1] == len(identifier.nb_classes) <= len(LATIN_CANDIDATES)
    assert set(identifier.nb_classes) <= set(LATIN_CANDIDATES)
    assert detect_language("El hospital decidirá si procede una evaluación de su padre.") == "es"
