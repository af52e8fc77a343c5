"""`manage.py evaluate_claims`: the figures on the test part, and on a file of sentences
written by someone else (a held-out set the model never saw)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

HEADER = "lang\tlabel\tkind\tsentence\n"


def run(*args) -> str:
    out = StringIO()
    call_command("evaluate_claims", *args, stdout=out)
    return out.getvalue()


def test_a_file_is_judged_and_each_miss_listed(tmp_path):
    held_out = tmp_path / "held_out.tsv"
    held_out.write_text(
        HEADER
        + "en\tclaim\teligibility\tYour father is eligible for the trial.\n"
        + "en\tsafe\tprocedural_status\tWe sent the scans to the hospital for review.\n"
        # Labelled wrong on purpose: the gate passes it, so it is listed as a miss.
        + "en\tclaim\tparaphrase\tThe hotel is two minutes from the clinic.\n",
        encoding="utf-8",
    )
    printed = run("--file", str(held_out))
    assert f"Claims gate on {held_out} (3 sentences)" in printed
    assert "Misses (1):" in printed
    assert "missed claim: The hotel is two minutes from the clinic." in printed
    assert "corpus too" not in printed


def test_sentences_the_model_was_trained_on_are_pointed_out(tmp_path):
    from claims import corpus

    known = corpus.split("train")[0]
    held_out = tmp_path / "held_out.tsv"
    held_out.write_text(
        HEADER + f"{known.language}\t{known.label}\t{known.kind}\t{known.sentence}\n",
        encoding="utf-8",
    )
    assert "Note: 1 of these sentences are in the corpus too." in run("--file", str(held_out))


def test_a_file_that_is_not_a_corpus_file_gets_a_clear_error(tmp_path):
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text("sentence\nYour father is eligible.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a readable corpus file"):
        run("--file", str(wrong))
    with pytest.raises(CommandError, match="not a readable corpus file"):
        run("--file", str(tmp_path / "missing.tsv"))
