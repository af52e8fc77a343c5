"""claims/gate.py: the one check, on sentences written by someone else than the corpus's
authors (the kinds the guard used to miss), in several languages."""

import subprocess
import sys
from pathlib import Path

import pytest

from claims import gate
from claims.gate import find_claims
from claims.promised import PROMISED_CLAIMS


def outcome(text, language=None):
    return gate.check(text, channel=gate.Channel.OTHER, language=language).outcome


@pytest.mark.parametrize(
    ("text", "language"),
    [(text, language) for language, texts in PROMISED_CLAIMS.items() for text in texts],
)
def test_the_issues_own_examples_of_missed_claims_do_not_pass(text, language):
    assert outcome(text, language) != gate.Outcome.PASS, text


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the scans, the hotel is booked for the 12th and we hope the flights are "
        "cheap, and your father is eligible for the trial.",
        "Your son is eli\u00adgible for the trial.",
        "Your son is eli\u200bgible for the trial.",
        "医院已经接收了您的母亲。",
    ],
)
def test_buried_and_disguised_claims_do_not_pass(text):
    assert outcome(text) != gate.Outcome.PASS, text


@pytest.mark.parametrize(
    "text",
    [
        "Records sent to the hospital for review.",
        "Your upload was accepted.",
        "Approved file types are PDF and JPEG.",
        "The FDA approved tisagenlecleucel in 2017.",
        "CAR-T has led to remission in some patients in trials.",
        "The hospital will decide whether further screening is appropriate.",
        "Each trial sets its own eligibility criteria.",
        "Nobody can promise that a treatment will work.",
        "Is my father eligible?",
    ],
)
def test_procedural_educational_and_other_senses_pass(text):
    assert outcome(text, "en") == gate.Outcome.PASS, text


def test_safe_spanish_and_chinese_pass():
    assert outcome("El hospital decidirá si procede una evaluación.", "es") == "pass"
    assert outcome("病历已发送至医院供其审阅。", "zh-hans") == "pass"


def test_a_language_the_gate_cannot_judge_goes_to_a_person():
    verdict = gate.check(
        "Ihr Vater ist für die Studie geeignet und wird sicher aufgenommen.",
        channel=gate.Channel.SHARED_NOTE,
        language="es",
    )
    assert verdict.outcome == gate.Outcome.REVIEW
    assert "cannot judge" in verdict.flags[0].reason
    assert verdict.language == "de"


def test_a_plain_rule_claim_blocks_and_says_why():
    verdict = gate.check("We organise records. You are eligible for CAR-T.", channel="other")
    assert verdict.outcome == gate.Outcome.BLOCK
    assert [f.sentence for f in verdict.flags] == ["You are eligible for CAR-T"]
    assert "eligible" in verdict.summary()


def test_find_claims_lists_held_and_refused_sentences():
    claims = find_claims("We explain options. You are eligible for CAR-T. Ask us anything.")
    assert [c.sentence for c in claims] == ["You are eligible for CAR-T"]
    assert find_claims("") == []


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


def test_a_repeated_sentence_is_judged_once_and_flagged_wherever_it_is(monkeypatch):
    from claims import text as claims_text

    judged = []
    real = claims_text.detect_language

    def counting(sentence, hint=None):
        judged.append(sentence)
        return real(sentence, hint)

    monkeypatch.setattr(gate, "detect_language", counting)
    claim = "Your father is eligible for the trial"
    verdict = gate.check(
        f"Partial response. {claim}. Partial response. {claim}. Partial response.",
        channel=gate.Channel.PDF,
        language="en",
    )
    assert verdict.outcome == gate.Outcome.BLOCK
    assert [f.sentence for f in verdict.flags] == [claim, claim]
    # (check() also asks for the language of the whole text, once.)
    assert judged.count(claim) == 1 and judged.count("Partial response") == 1


def test_warming_up_loads_the_language_identifier_too():
    from claims import model
    from claims.text import _latin_identifier

    _latin_identifier.cache_clear()
    model.warm()
    assert _latin_identifier.cache_info().currsize == 1
