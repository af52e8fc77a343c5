"""The claims gate: the one check every outbound path calls before Navigator says
anything to a family or a hospital.

    verdict = gate.check(text, channel=gate.Channel.SHARED_NOTE, language="es")
    verdict.outcome   # "pass", "review" or "block"
    verdict.flags     # each flagged sentence, with why and how sure

- block: a sentence reads clearly as an eligibility or outcome claim: refuse, say which.
- review: the gate is unsure (or cannot judge the language): hold it for a person.
- pass: nothing flagged.

Only Navigator's own words go through it: a family's or a partner's words are quoted and
attributed, never judged here (see documents.builders for how a PDF marks them).
"""

from dataclasses import dataclass, field
from enum import StrEnum

from .rules import find_claims as _rule_claims


class Channel(StrEnum):
    FAMILY_EMAIL = "family_email"
    PARTNER_EMAIL = "partner_email"
    SHARED_NOTE = "shared_note"
    CONTACT_SUMMARY = "contact_summary"
    STATUS_WORDING = "status_wording"
    CATALOGUE = "catalogue"
    ARTICLE = "article"
    COVER_LETTER = "cover_letter"
    PDF = "pdf"
    MESSAGE = "message"
    OTHER = "other"


class Outcome(StrEnum):
    PASS = "pass"
    REVIEW = "review"
    BLOCK = "block"


@dataclass(frozen=True)
class Flag:
    sentence: str
    reason: str
    outcome: Outcome  # REVIEW or BLOCK
    score: float = 1.0  # how sure the gate is that this is a claim, 0 to 1


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    channel: str
    language: str
    flags: list[Flag] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.outcome == Outcome.PASS

    def summary(self) -> str:
        """The flagged sentences and reasons, for a person to read."""
        return "; ".join(f"\u201c{f.sentence}\u201d ({f.reason})" for f in self.flags)


def check(text: str, *, channel: str, language: str | None = None) -> Verdict:
    """Judge `text` (in `language`, detected when None) for `channel`."""
    flags = [
        Flag(sentence=c.sentence, reason=c.reason, outcome=Outcome.BLOCK)
        for c in _rule_claims(text)
    ]
    outcome = Outcome.BLOCK if flags else Outcome.PASS
    return Verdict(outcome=outcome, channel=str(channel), language=language or "en", flags=flags)
