"""claims/rules.py: the precise first layer, and its edges (scope, questions, names)."""

import pytest

from claims.rules import rule_claims, sentence_claim


@pytest.mark.parametrize(
    "sentence",
    [
        "Your sister is eligible for the study.",
        "He qualifies for the trial in Madrid.",
        "They have been approved for treatment in Germany.",
        "This infusion will cure the disease.",
        "Treatment is guaranteed.",
        "She will surely be enrolled next month.",
        "Your son fits the protocol well.",
        "This therapy works in 100 percent of patients.",
        "These cells never fail.",
        "Mr Wang is eligible for the DLI study.",  # a person named, no pronoun
        "Maria has been accepted into the study.",
        "Isn't it great that he qualifies?",  # a rhetorical question asserts
        "Her enrolment was confirmed by the trial office.",  # the passive of a decision
        "We can get you into the trial.",  # the service promising access
        # A hedge in another clause excuses nothing.
        "We hope the flights are cheap, and your father is eligible for the trial.",
    ],
)
def test_the_rules_name_these_claims(sentence):
    assert sentence_claim(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Is my father eligible?",
        "Do you know whether she is eligible?",
        "If your father qualifies, the hospital will contact you.",
        "The hospital decides whether you are eligible.",
        "Nobody can promise that a treatment will work.",
        "We do not guarantee treatment access, eligibility, or clinical outcome.",
        "Each trial sets its own eligibility criteria.",
        "This qualifies as an urgent request.",
        "Navigator does not decide or guarantee eligibility.",
    ],
)
def test_negations_hedges_questions_and_criteria_are_not_rule_claims(sentence):
    assert sentence_claim(sentence) is None, sentence


def test_a_negation_governs_only_the_words_after_it():
    # "not" belongs to the flights, not to the verdict that follows.
    assert sentence_claim("The flights are not booked yet; your son is eligible for the trial.")


def test_rule_claims_name_the_sentence_and_reason():
    claims = rule_claims("We explain options. You are eligible for CAR-T. Ask us anything.")
    assert len(claims) == 1
    assert claims[0].sentence.startswith("You are eligible for CAR-T")
    assert "eligible" in claims[0].reason
