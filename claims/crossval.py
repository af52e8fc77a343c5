"""Five-fold cross-validation over the corpus's train and dev parts: how the gate does on
sentences its model never saw, without touching the test part. It chooses each
language's REVIEW_AT (claims/gate.py) and compares model designs.

Each fold is a fixed fifth of train+dev (by a hash of the sentence, so adding rows
never moves the others); a model is trained on the other four fifths and judges it,
through the gate itself (rules, language detection and all). Used by
`manage.py evaluate_claims --cv`.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import corpus, model
from .evaluate import Report, evaluate
from .text import split_sentences

FOLDS = 5
# REVIEW_AT per language: the highest of these that catches at least RECALL_AIM of the
# language's claims in cross-validation with precision of at least PRECISION_FLOOR; where
# none does, the one that catches most (ties: the higher, for fewer false alarms).
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
RECALL_AIM = 0.96
PRECISION_FLOOR = 0.86


def fold_of(example: corpus.Example) -> int:
    digest = hashlib.sha256(b"fold:" + example.sentence.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % FOLDS


class _Vectors:
    """Embeddings looked up from one batch made (and cached on disk) up front; anything
    else is embedded on the spot."""

    def __init__(self, sentences: Sequence[str]):
        unique = list(dict.fromkeys(sentences))
        self._index = {s: i for i, s in enumerate(unique)}
        self._vectors = model.embed_cached(unique)

    def __call__(self, sentences: Sequence[str]) -> np.ndarray:
        if all(s in self._index for s in sentences):
            return self._vectors[[self._index[s] for s in sentences]]
        return model.embed(sentences)


class OutOfFold:
    """Scores each sentence with the model of the fold that held it out, so the gate
    judges all of train+dev in one pass with no sentence judged by a model that saw it."""

    def __init__(self, examples: Sequence[corpus.Example], factory=model.ClaimModel):
        pieces = {e: split_sentences(e.sentence) for e in examples}
        vectors = _Vectors(
            [e.sentence for e in examples] + [s for ss in pieces.values() for s in ss]
        )
        self.models = [
            factory([e for e in examples if fold_of(e) != k], embedder=vectors)
            for k in range(FOLDS)
        ]
        self._fold = {s: fold_of(e) for e, ss in pieces.items() for s in ss}

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        return np.array(
            [self.models[self._fold.get(s, 0)].probabilities([s])[0] for s in sentences],
            dtype=float,
        )


@dataclass
class CrossValidation:
    examples: list[corpus.Example]
    scorer: OutOfFold

    def report(self, review_at: dict[str, float] | None = None) -> Report:
        return evaluate(self.examples, claim_model=self.scorer, review_at=review_at)

    def by_threshold(self) -> dict[float, Report]:
        """One report per candidate threshold (every language at that threshold)."""
        return {t: self.report(dict.fromkeys(corpus.LANGUAGES, t)) for t in THRESHOLDS}

    def choose_review_at(self) -> dict[str, float]:
        reports = self.by_threshold()
        chosen = {}
        present = {e.language for e in self.examples}
        for language in (lang for lang in corpus.LANGUAGES if lang in present):
            scores = {t: r.by_language[language] for t, r in reports.items()}
            precise = [t for t, s in scores.items() if s.precision >= PRECISION_FLOOR]
            candidates = precise or list(scores)
            aimed = [t for t in candidates if scores[t].recall >= RECALL_AIM]
            chosen[language] = (
                max(aimed) if aimed else max(candidates, key=lambda t: (scores[t].recall, t))
            )
        return chosen


def cross_validate(factory=model.ClaimModel) -> CrossValidation:
    """Train the five fold models on train+dev (never the test part)."""
    examples = corpus.split("train") + corpus.split("dev")
    return CrossValidation(examples, OutOfFold(examples, factory))
