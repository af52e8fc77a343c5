"""How well the gate finds claims on the corpus's test part: precision, recall and F1 per
language and per kind, and every miss. Used by `manage.py evaluate_claims`, the metrics
test and bench/claims_bench.py."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from . import corpus, gate, model


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, flagged: bool, is_claim: bool) -> None:
        if flagged and is_claim:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif is_claim:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def count(self) -> int:
        return self.tp + self.fp + self.fn + self.tn


@dataclass
class Report:
    by_language: dict[str, Score]
    by_kind: dict[str, Score]
    overall: Score
    misses: list[tuple[corpus.Example, str]]  # (example, what the gate said)


def evaluate(
    examples: list[corpus.Example],
    *,
    claim_model: model.ClaimModel | None = None,
    review_at: Mapping[str, float] | None = None,
    meaning_weight: Mapping[str, float] | None = None,
) -> Report:
    """Flagged means review or block: either stops the text going out unread.
    `claim_model`, `review_at` and `meaning_weight` replace the process's model and settings
    (cross-validation judges each fold with a model that never saw it)."""
    by_language: dict[str, Score] = defaultdict(Score)
    by_kind: dict[str, Score] = defaultdict(Score)
    overall = Score()
    misses = []
    for example in examples:
        verdict = gate.check(
            example.sentence,
            channel=gate.Channel.OTHER,
            language=example.language,
            claim_model=claim_model,
            review_at=review_at,
            meaning_weight=meaning_weight,
        )
        flagged = not verdict.passed
        for score in (by_language[example.language], by_kind[example.kind], overall):
            score.add(flagged, example.is_claim)
        if flagged != example.is_claim:
            misses.append((example, verdict.summary() or "pass"))
    return Report(dict(by_language), dict(by_kind), overall, misses)
