"""The claims guard's first layer: precise rules, each with the reason it gives.

A rule is a regular expression for one kind of English claim (eligible, accepted,
guaranteed, will cure...). The learned model in claims/model.py generalises to paraphrase
and to other languages; the rules are what lets the gate say exactly why, and block a
sentence outright when it matches plainly.

How a sentence is judged, so that an editor can predict it:
1. the text was normalised first (claims.text.normalise: an invisible character or a
   soft hyphen inside "eligible" changes nothing);
2. a genuine question ("Could you send the scans?", "Do you know whether she is
   eligible?") asks, it does not claim; a rhetorical one ("Isn't it great that he
   qualifies?") is judged like any sentence;
3. the sentence is split into clauses (";", ",", "but", "while"...) and each RULE is
   tried on each clause;
4. a match is excused only by a negation or a hedge among the few words just before it
   in its own clause ("we do not guarantee", "whether she qualifies"): a hedge elsewhere
   ("and we hope the flights are cheap") excuses nothing;
5. rules about eligibility and acceptance also need a person: a pronoun, a relative, "the
   patient", or a name ("Mr Wang is eligible");
6. CERTAINTY phrases ("no doubt", "never fails") are claims wherever they stand.
"""

import re
from dataclasses import dataclass

from .text import split_sentences


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
    r"\b(you|your|yours|he|she|him|her|his|they|them|their|patient|patients|son|daughter|"
    r"father|mother|husband|wife|partner|child|family|everyone|everybody|case|dad|mum|mom|"
    r"grandmother|grandfather|brother|sister|uncle|aunt)\b"
)
# A person named rather than pointed at: "Mr Wang", "Dr. Ruiz", or a capitalised name
# just before the verb ("Maria has been accepted").
TITLED_NAME = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr|Sr|Sra|Señor|Señora|Mme|M)\.?\s+[A-Z]")
NAME_BEFORE_VERB = re.compile(
    r"\b([A-Z][a-z\u00c0-\u024f'-]+)(?:\s+[A-Z][a-z\u00c0-\u024f'-]+)?\s+"
    r"(is|was|has|have|will|qualifies|meets|fits|can|'s)\b"
)
NOT_NAMES = {
    "The",
    "This",
    "That",
    "It",
    "Each",
    "Every",
    "A",
    "An",
    "Our",
    "Their",
    "There",
    "Here",
    "Navigator",
    "Eligibility",
    "Treatment",
    "Therapy",
    "Trial",
    "Study",
    "Hospital",
    "Access",
    "Enrolment",
    "Enrollment",
    "Admission",
    "Acceptance",
    "Approval",
    "What",
    "Which",
    "Who",
    "Nothing",
    "Nobody",
    "No",
    "None",
    "CAR-T",
    "Everything",
    "Success",
}

# Words that say something is NOT so, and words that ask or hedge. They excuse a match
# only when they stand among the SCOPE words just before it, in the same clause.
NEGATIONS = _rx(
    r"\b(not|no|never|cannot|nothing|nobody|neither|nor|without|none|unable)\b|n't\b|"
    r"\bno one\b"
)
HEDGES = _rx(
    r"\b(whether|if|may|might|could|perhaps|possibly|possible|some|sometimes|depends|"
    r"depend|hope|hopes|aim|aims|up to|about half|half of|vary|varies|studied|studying|"
    r"research|researchers|early results|individually|once|until|unless|when|asks?|"
    r"decides?|decide)\b"
)
SCOPE = 5  # words
# "Nobody can promise that...", "we cannot say whether...": a negated promise or report
# governs the whole clause it introduces.
NEGATED_REPORT = _rx(
    r"\b(not|never|cannot|can't|no one|nobody|nothing)\s+(\w+\s+){0,2}"
    r"(promise|promises|guarantee|guarantees|say|says|tell|claim|know|predict|assure|mean|means)\b"
)

# A question that opens with a negated auxiliary, or a stock rhetorical turn, asserts.
RHETORICAL = _rx(
    r"^(isn't|aren't|wasn't|weren't|didn't|don't|doesn't|won't|wouldn't|haven't|hasn't|"
    r"can't|couldn't)\b|\bisn't it\b|\bwho (would|could|needs|would have|could have)\b|"
    r"\bwhat (a|better|more)\b|\b(can|could) you believe\b|\bimagine\b|\bhow (lucky|wonderful)\b|"
    r"\bdidn't (i|we) (tell|say)\b"
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
    # "...that he qualifies", with no object: still a verdict ("qualifies as" is not).
    Rule(_rx(r"\bqualif(y|ies|ied)\b(?!\s+as\b)"), "says the patient qualifies", needs_person=True),
    # The passive of a decision: "her enrolment was confirmed by the trial office".
    Rule(
        _rx(
            r"\b(enrol+ment|admission|place|participation|spot|inclusion|acceptance)\b.{0,40}"
            r"\b(was|is|has been|have been|were)\s+(confirmed|approved|secured|granted)\b"
        ),
        "says a place or enrolment is confirmed",
        needs_person=True,
    ),
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
    # The service promising what only a hospital gives: "we can get you into the trial".
    Rule(
        _rx(
            r"\b(we|i|our team|navigator)\s*('ll|'re going to|\s+will|\s+can|\s+are going to|"
            r"\s+shall)\s+(get|secure|arrange|make sure|ensure|guarantee|find)\b.{0,40}"
            r"\b(into|onto|a place|a spot|a slot|a bed|treated|accepted|admitted|enrolled|"
            r"included|the trial|the study|treatment)\b"
        ),
        "promises access as a service",
    ),
    # Guarantees and promises of any kind.
    Rule(_rx(r"\bguarantee(s|d)?\b|\bguaranteeing\b"), "gives a guarantee"),
    Rule(_rx(r"\b(we|i)\s+(promise|assure|ensure)\b|\bassured\b"), "makes a promise"),
    # Outcomes stated as certain.
    Rule(
        _rx(
            r"\bwill\s+(definitely\s+|certainly\s+|surely\s+|completely\s+)?(cure|eliminate|eradicate|"
            r"heal|beat|destroy|defeat|((clear|reverse|stop)(?=\s+(\w+\s+){0,2}(cancer|disease|"
            r"leuka?emia|lymphoma|tumou?r|myeloma|relapse|it)\b)))\b"
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

_RHETORICAL_OPENING = re.compile(r"^\w+n't\s+(it|i|we)?\b", re.I)
_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|,|:|\bbut\b|\bso\b|\band so\b|\bwhile\b|\bhowever\b|\band\b)\s*", re.I
)


def _words_before(clause: str, position: int) -> str:
    return " ".join(clause[:position].split()[-SCOPE:])


def _names_a_person(clause: str) -> bool:
    if PERSON.search(clause) or TITLED_NAME.search(clause):
        return True
    return any(m.group(1) not in NOT_NAMES for m in NAME_BEFORE_VERB.finditer(clause))


def _clause_claim(clause: str) -> str | None:
    for pattern, reason in CERTAINTY:
        if pattern.search(clause):
            return reason
    for rule in RULES:
        for match in rule.pattern.finditer(clause):
            before = _words_before(clause, match.start())
            inside = match.group(0)
            if NEGATIONS.search(before) or NEGATIONS.search(inside) or HEDGES.search(before):
                continue
            if NEGATED_REPORT.search(clause[: match.start()]):
                continue
            if rule.needs_person and not _names_a_person(clause):
                continue
            return rule.reason
    return None


def is_genuine_question(sentence: str) -> bool:
    """A question that asks (in any language: ?, ？ and ؟ end one); not a rhetorical one."""
    return sentence.rstrip().endswith(("?", "\uff1f", "\u061f")) and not RHETORICAL.search(
        sentence.strip()
    )


def sentence_claim(sentence: str) -> str | None:
    """The reason this English sentence is a claim by the rules, or None."""
    if is_genuine_question(sentence):
        return None
    # "Isn't it great that..." asserts; its "n't" negates nothing in what follows.
    sentence = _RHETORICAL_OPENING.sub("", sentence.strip())
    for clause in _CLAUSE_BREAK.split(sentence):
        reason = _clause_claim(clause)
        if reason:
            return reason
    return None


def rule_claims(text: str) -> list[Claim]:
    """Every sentence of `text` the rules call a claim, with why (English only)."""
    claims = []
    for sentence in split_sentences(text):
        reason = sentence_claim(sentence)
        if reason:
            claims.append(Claim(sentence=sentence, reason=reason))
    return claims
