"""The claims guard: finds sentences in which Navigator would say or imply that a patient
is eligible, qualifies, has been accepted, is guaranteed access, or will have a given
outcome. Only the treating hospital decides those things.

It does not flag disclaimers and negations ("we do not guarantee eligibility"), neutral
facts about criteria ("each trial sets its own eligibility criteria"), hedged research
findings ("in some trials about half of patients responded") or questions.

How it works, so that an editor can predict it:
1. the text is split into sentences, and each sentence into clauses;
2. questions are skipped;
3. each RULE below is a regular expression for one kind of claim; a clause that matches
   one is a claim, unless the clause is negated (NEGATIONS) or hedged (HEDGES), and some
   rules also need a person to be talked about (PERSON);
4. CERTAINTY phrases ("no doubt", "never fails") are claims on their own, and are removed
   before the negation check so that their "no" and "never" do not excuse the clause.

Rules are data: add one with a comment saying why it exists. English only for now.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    sentence: str
    reason: str


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    reason: str
    needs_person: bool = False  # only a claim when it is about a patient or family


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# Someone the service might be talking about: the family, the patient, "patients like yours".
PERSON = _rx(
    r"\b(you|your|yours|he|she|him|her|they|them|patient|patients|son|daughter|father|"
    r"mother|husband|wife|partner|child|family|everyone|everybody|case)\b"
)

# A clause with one of these says something is NOT so: that is what a disclaimer does.
NEGATIONS = _rx(
    r"\b(not|no|never|cannot|nothing|nobody|neither|nor|without|none)\b|n't\b|\bno one\b"
)

# A clause with one of these asks or hedges instead of asserting.
HEDGES = _rx(
    r"\b(whether|if|may|might|could|perhaps|possibly|possible|some|sometimes|depends|"
    r"depend|hope|hopes|aim|aims|up to|about half|half of|vary|varies|studied|studying|"
    r"research|researchers|early results|individually)\b"
)

# Phrases of certainty: claims wherever they occur, and not negations despite their words.
CERTAINTY = [
    (
        _rx(r"\bno doubt\b|\bwithout (a )?doubt\b|\bundoubtedly\b|\bfor (certain|sure)\b(?!\s+\w)"),
        "states an outcome as beyond doubt",
    ),
    (
        _rx(r"\bnever fails?\b|\balways works?\b|\bcannot fail\b|\bcan't fail\b"),
        "says a treatment always works",
    ),
    (
        _rx(r"\brisk[- ]free\b|\bno risks?\b|\bno side[- ]effects\b|\bcompletely safe\b"),
        "promises a treatment without risk",
    ),
]

RULES = [
    # Eligibility verdicts: only the trial team or hospital decides these.
    Rule(
        _rx(
            r"\b(is|are|'re|am|be|being|was|were)\s+(now\s+|\w+ly\s+)?(eligible|qualified|entitled)\b"
        ),
        "says the patient is eligible",
        needs_person=True,
    ),
    Rule(_rx(r"\bqualif(y|ies|ied)\s+(for|to)\b"), "says the patient qualifies", needs_person=True),
    Rule(
        _rx(
            r"\bmeets?\s+(all\s+)?(of\s+)?(the\s+|its\s+|their\s+)?(eligibility\s+|inclusion\s+)?"
            r"(criteria|requirements)\b"
        ),
        "says the patient meets the criteria",
        needs_person=True,
    ),
    Rule(
        _rx(r"\b(suitable|ideal|perfect|good|excellent|great|strong)\s+(candidate|match|fit)\b"),
        "calls the patient a suitable candidate",
        needs_person=True,
    ),
    Rule(
        _rx(r"\bfits?\s+(the|this|that)\s+(trial|study|criteria|protocol)\b"),
        "says the patient fits a trial",
        needs_person=True,
    ),
    # Decisions only a hospital can announce.
    Rule(
        _rx(r"\b(has|have|had)\s+been\s+(accepted|approved|admitted|enrolled|selected|cleared)\b"),
        "says the patient has been accepted",
        needs_person=True,
    ),
    Rule(
        _rx(
            r"\b(is|are|'re|was|were)\s+(now\s+)?(accepted|approved|admitted|enrolled|selected|"
            r"cleared)\s+(for|into|to|in)\b"
        ),
        "says the patient is accepted or approved",
        needs_person=True,
    ),
    Rule(
        _rx(
            r"\bwill\s+(definitely\s+|certainly\s+|surely\s+|soon\s+)?(be\s+|get\s+)"
            r"(admitted|accepted|approved|enrolled|selected|treated|included|a place)\b"
        ),
        "promises admission or treatment",
        needs_person=True,
    ),
    Rule(
        _rx(
            r"\b(enrol+ment|admission|acceptance|a place|access|treatment|approval|a spot)\s+"
            r"(is|are|will be)\s+(assured|guaranteed|certain|secured|confirmed|ensured)\b"
        ),
        "promises access or enrolment",
    ),
    # Guarantees and promises of any kind.
    Rule(_rx(r"\bguarantee(s|d)?\b|\bguaranteeing\b"), "gives a guarantee"),
    Rule(_rx(r"\b(we|i)\s+(promise|assure|ensure)\b|\bassured\b"), "makes a promise"),
    # Outcomes stated as certain.
    Rule(
        _rx(
            r"\bwill\s+(definitely\s+|certainly\s+|surely\s+|completely\s+)?(cure|eliminate|eradicate|"
            r"heal|beat|destroy|defeat|clear|reverse|stop)\b"
        ),
        "promises a cure or an outcome",
    ),
    Rule(
        _rx(r"\bwill\s+(definitely\s+|certainly\s+|surely\s+)?(work|succeed)\b(?!\s+with\b)"),
        "promises that a treatment will work",
    ),
    Rule(
        _rx(
            r"\bwill\s+(definitely\s+|certainly\s+|surely\s+)?respond\s+(well\s+)?to\s+"
            r"(the\s+|this\s+|a\s+)?(treatment|therapy|cells|infusion|drug|medicine|it)\b"
        ),
        "promises a response to treatment",
    ),
    Rule(
        _rx(
            r"\bwill\s+(definitely\s+|certainly\s+|surely\s+)?(recover|survive|be cured|be healed|"
            r"be cancer[- ]free|go into remission|achieve remission|reach remission|live)\b"
        ),
        "promises recovery or survival",
    ),
    Rule(
        _rx(r"\b(is|are|be|been|get|gets|got|was|were)\s+cured\b|\bcures\b"),
        "says the treatment cures",
    ),
    Rule(
        _rx(r"\b(certain|sure|bound|set)\s+to\s+(work|cure|succeed|put|bring|lead|help|make)\b"),
        "states an outcome as certain",
    ),
    Rule(
        _rx(r"\b100\s?(%|percent\b|per cent\b)|\bin\s+(all|every)\s+cases?\b"),
        "claims a certain result",
    ),
    Rule(
        _rx(r"\bevery(one|body)\s+(who|that)\b.*\b(cured|recover|respond|remission|survive)"),
        "says everyone gets a result",
    ),
    Rule(_rx(r"\bmiracle\b|\bcancer[- ]free\b"), "promises an extraordinary result"),
]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A new block starts at a blank line, a heading, a list item or a table row; lines inside
# a block (a wrapped paragraph) belong to the same sentences.
_BLOCK_START = re.compile(r"^\s*($|#|[-*+]\s|\d+\.\s|\|)")
_CLAUSE_BREAK = re.compile(r"\s*(?:;|,|\bbut\b|\bso\b|\band so\b|\bwhile\b|\bhowever\b)\s*", re.I)
_MARKDOWN_NOISE = re.compile(r"^[\s>#*\-+|]+|\d+\.\s+")


def _blocks(text: str) -> list[str]:
    blocks: list[list[str]] = []
    for line in (text or "").splitlines():
        if _BLOCK_START.match(line) or not blocks:
            blocks.append([])
        if line.strip():
            blocks[-1].append(line.strip())
    return [" ".join(lines) for lines in blocks if lines]


def split_sentences(text: str) -> list[str]:
    sentences = []
    for block in _blocks(text):
        for raw in _SENTENCE_END.split(block.replace("|", ". ")):
            sentence = _MARKDOWN_NOISE.sub("", raw).strip(" .")
            if sentence:
                sentences.append(sentence)
    return sentences


def _clause_claim(clause: str) -> str | None:
    for pattern, reason in CERTAINTY:
        if pattern.search(clause):
            return reason
    for rule in RULES:
        if not rule.pattern.search(clause):
            continue
        if NEGATIONS.search(clause) or HEDGES.search(clause):
            continue
        if rule.needs_person and not PERSON.search(clause):
            continue
        return rule.reason
    return None


def _sentence_claim(sentence: str) -> str | None:
    if sentence.rstrip().endswith("?"):
        return None
    for clause in _CLAUSE_BREAK.split(sentence):
        reason = _clause_claim(clause)
        if reason:
            return reason
    return None


def find_claims(text: str) -> list[Claim]:
    """Every sentence of `text` that makes an eligibility or outcome claim, with why."""
    claims = []
    for sentence in split_sentences(text):
        reason = _sentence_claim(sentence)
        if reason:
            claims.append(Claim(sentence=sentence, reason=reason))
    return claims
