"""content/claims.py against the labelled development set, and the rules' edges."""

import subprocess
import sys
from pathlib import Path

import pytest

from claims.rules import find_claims, split_sentences

DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "claims" / "dev.tsv"


def labelled():
    lines = DEV_SET.read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split("\t", 1)) for line in lines if line.strip()]


def test_precision_and_recall_on_the_development_set():
    rows = labelled()
    assert len(rows) >= 40
    tp = sum(1 for label, s in rows if label == "claim" and find_claims(s))
    fp = sum(1 for label, s in rows if label == "safe" and find_claims(s))
    fn = sum(1 for label, s in rows if label == "claim" and not find_claims(s))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    assert precision >= 0.95, precision
    assert recall >= 0.95, recall


@pytest.mark.parametrize(
    "sentence",
    [
        "Your sister is eligible for the study.",
        "You are likely eligible.",
        "He qualifies for the trial in Madrid.",
        "They have been approved for treatment in Germany.",
        "This infusion will cure the disease.",
        "Success is assured.",
        "Treatment is guaranteed.",
        "She will surely be enrolled next month.",
        "Your son fits the protocol well.",
        "This therapy works in 100 percent of patients.",
        "Rest assured, your father will recover.",
        "These cells never fail.",
    ],
)
def test_claims_outside_the_development_set_are_found(sentence):
    assert find_claims(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Is my father eligible?",
        "If your father qualifies, the hospital will contact you.",
        "The hospital decides whether you are eligible.",
        "Your coordinator will work with you on the records.",
        "We will respond to your email within a day.",
        "Nobody can promise that a treatment will work.",
        "Some patients in early studies went into remission.",
        "In one trial, about half of the patients responded.",
        "The trial team checks the inclusion criteria.",
        "We cannot guarantee a place, and we never will.",
        "Results for certain types of lymphoma differ.",
    ],
)
def test_questions_negations_hedges_and_neutral_facts_pass(sentence):
    assert find_claims(sentence) == [], sentence


def test_each_claim_names_its_sentence_and_reason():
    claims = find_claims("We explain options. You are eligible for CAR-T. Ask us anything.")
    assert len(claims) == 1
    assert claims[0].sentence.startswith("You are eligible for CAR-T")
    assert "eligible" in claims[0].reason


def test_markdown_paragraphs_wrapped_over_lines_are_read_as_sentences():
    text = "## Heading\n\nThis treatment\nwill cure the\ndisease.\n\n- a list item\n| a | b |"
    assert "This treatment will cure the disease" in split_sentences(text)
    assert len(find_claims(text)) == 1


def test_the_command_reports_claims_and_fails(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("Each trial sets its own criteria.", encoding="utf-8")
    dirty = tmp_path / "dirty.md"
    dirty.write_text("Good news: you are eligible.", encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "manage.py", "check_claims"]
    env = {"DJANGO_SETTINGS_MODULE": "navigator.settings_test", "PATH": "/usr/bin:/bin"}
    ok = subprocess.run([*command, str(clean)], cwd=root, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert "no claims found" in ok.stdout
    bad = subprocess.run([*command, str(dirty)], cwd=root, capture_output=True, text=True, env=env)
    assert bad.returncode == 1
    assert "you are eligible" in bad.stdout
