"""Which coordinator a new case goes to: plain functions over plain data, no ORM.

The order of preference, as the service promised its families:
1. supervisors' routing rules, in order, when their coordinator can take the case;
2. only available coordinators with room, who speak the family's language (or the
   fallback language when nobody does);
3. a match on condition area first, then on region;
4. the lowest load relative to capacity;
5. whoever was assigned least recently;
6. nobody fits: the case stays unassigned for triage.
"""

from dataclasses import dataclass, field
from datetime import datetime

from core.conditions import ConditionArea


@dataclass(frozen=True)
class CaseFacts:
    language: str
    country: str
    condition: str
    condition_area: str


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    languages: frozenset[str]
    regions: frozenset[str] = field(default_factory=frozenset)
    areas: frozenset[str] = field(default_factory=frozenset)
    capacity: int = 10
    open_cases: int = 0
    available: bool = True
    last_assigned_at: datetime | None = None

    @property
    def has_room(self) -> bool:
        return self.available and self.open_cases < self.capacity


@dataclass(frozen=True)
class Rule:
    name: str
    coordinator_id: int
    condition: str = ""
    condition_area: str = ""
    country: str = ""
    language: str = ""
    enabled: bool = True

    def matches(self, case: CaseFacts) -> bool:
        wanted = {
            "condition": self.condition,
            "condition_area": self.condition_area,
            "country": self.country,
            "language": self.language,
        }
        return self.enabled and all(
            not value or getattr(case, key) == value for key, value in wanted.items()
        )


@dataclass(frozen=True)
class Decision:
    coordinator_id: int | None
    reason: str


def _load(candidate: Candidate) -> str:
    return f"load {candidate.open_cases} of {candidate.capacity}"


def choose(
    case: CaseFacts,
    candidates: list[Candidate],
    rules: list[Rule] = (),
    fallback_language: str = "en",
) -> Decision:
    """The coordinator for this case, and the reason in words for the timeline."""
    by_id = {c.user_id: c for c in candidates}
    for rule in rules:
        if not rule.matches(case):
            continue
        chosen = by_id.get(rule.coordinator_id)
        if chosen is not None and chosen.has_room:
            return Decision(chosen.user_id, f'routing rule "{rule.name}"; {_load(chosen)}')

    with_room = [c for c in candidates if c.has_room]
    language = case.language
    speakers = [c for c in with_room if language in c.languages]
    fallback = False
    if not speakers and fallback_language != language:
        speakers = [c for c in with_room if fallback_language in c.languages]
        fallback = bool(speakers)
    if not speakers:
        return Decision(None, _nobody_reason(case, candidates, fallback_language))

    def preference(c: Candidate):
        return (
            case.condition_area not in c.areas,
            case.country not in c.regions,
            c.open_cases / c.capacity,
            c.last_assigned_at is not None,  # never assigned comes first
            c.last_assigned_at or datetime.min,
            c.user_id,
        )

    chosen = min(speakers, key=preference)
    parts = [
        f"language {fallback_language} (fallback for {language})"
        if fallback
        else f"language {language}"
    ]
    if case.condition_area in chosen.areas:
        parts.append(str(ConditionArea(case.condition_area).label).lower())
    if case.country in chosen.regions:
        parts.append(f"region {case.country}")
    return Decision(chosen.user_id, f"{', '.join(parts)}; {_load(chosen)}")


def _nobody_reason(case: CaseFacts, candidates: list[Candidate], fallback: str) -> str:
    speakers = [c for c in candidates if case.language in c.languages or fallback in c.languages]
    if not speakers:
        return f"no coordinator speaks {case.language} or {fallback}"
    if not any(c.available for c in speakers):
        return f"every coordinator who speaks {case.language} or {fallback} is away"
    return f"every available coordinator who speaks {case.language} or {fallback} is at capacity"
