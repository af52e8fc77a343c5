"""Five-fold cross-validation over the corpus's train and dev parts: how the gate does on
sentences its model never saw, without touching the test part. It chooses each
language's REVIEW_AT and MEANING_WEIGHT (claims/gate.py) and compares model designs.

Each fold is a fixed fifth of train+dev (by a hash of the sentence, so adding rows
never moves the others); a model is trained on the other four fifths and judges it,
through the gate itself (rules, language detection and all). Used by
`manage.py evaluate_claims --cv`.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import corpus, gate, model
from .catalogues import shipped_texts
from .evaluate import Report, evaluate
from .promised import PROMISED_CLAIMS, shipped_articles
from .text import split_sentences

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

FOLDS = 5
# Settings tried per language (CrossValidation.choose says which wins).
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
WEIGHTS = (0.5, 0.6, 0.7, 0.8, 0.9)  # how much the meaning half counts (gate.MEANING_WEIGHT)
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

    def parts(self, sentences: Sequence[str]) -> np.ndarray:
        return np.array(
            [self.models[self._fold.get(s, 0)].parts([s])[0] for s in sentences], dtype=float
        ).reshape(-1, 2)


@dataclass
class CrossValidation:
    examples: list[corpus.Example]
    scorer: OutOfFold
    # Per language, wording we ship (claims.catalogues.shipped_texts, the seed articles):
    # a setting under which any of it would be held is never chosen, however well it
    # does on the corpus; nor one under which a promised claim would pass.
    shipped: Mapping[str, Sequence[str]] = field(default_factory=dict)
    promised: Mapping[str, Sequence[str]] = field(default_factory=dict)
    shipped_model: model.ClaimModel | None = None  # the process's model unless given

    def report(
        self,
        review_at: dict[str, float] | None = None,
        meaning_weight: dict[str, float] | None = None,
    ) -> Report:
        return evaluate(
            self.examples,
            claim_model=self.scorer,
            review_at=review_at,
            meaning_weight=meaning_weight,
        )

    def by_setting(self) -> dict[tuple[float, float], Report]:
        """One report per (meaning weight, threshold), every language set to it."""
        return {
            (w, t): self.report(
                dict.fromkeys(corpus.LANGUAGES, t), dict.fromkeys(corpus.LANGUAGES, w)
            )
            for w in WEIGHTS
            for t in THRESHOLDS
        }

    def _passed(self, text: str, language: str, weight: float, threshold: float) -> bool:
        """Whether `text` passes the process's own model (the one that ships) with this
        setting."""
        return gate.check(
            text,
            channel=gate.Channel.CATALOGUE,
            language=language,
            claim_model=self.shipped_model,
            review_at=dict.fromkeys(corpus.LANGUAGES, threshold),
            meaning_weight=dict.fromkeys(corpus.LANGUAGES, weight),
        ).passed

    def _keeps_promises(self, language: str, weight: float, threshold: float) -> bool:
        """All shipped wording in `language` passes and no promised claim does."""
        return all(
            self._passed(text, language, weight, threshold)
            for text in self.shipped.get(language, ())
        ) and not any(
            self._passed(text, language, weight, threshold)
            for text in self.promised.get(language, ())
        )

    def choose(self) -> tuple[dict[str, float], dict[str, float]]:
        """(REVIEW_AT, MEANING_WEIGHT) per language. Only settings under which every
        shipped string in the language passes, and every promised claim is held, are
        considered. Among them, those whose precision reaches PRECISION_FLOOR: of those
        that catch RECALL_AIM of the claims, the most precise; if none does, the one that
        catches most (then the most precise). Ties go to the higher threshold (fewer false
        alarms), then to the even weighting."""
        reports = self.by_setting()
        review_at, meaning_weight = {}, {}
        present = {e.language for e in self.examples}
        for language in (lang for lang in corpus.LANGUAGES if lang in present):
            scores = {
                setting: r.by_language[language]
                for setting, r in reports.items()
                if self._keeps_promises(language, *setting)
            }
            precise = [k for k, s in scores.items() if s.precision >= PRECISION_FLOOR]
            candidates = precise or list(scores)
            aimed = [k for k in candidates if scores[k].recall >= RECALL_AIM]

            def tie_break(k):
                weight, threshold = k
                return (threshold, -abs(weight - 0.5))

            if aimed:
                best = max(aimed, key=lambda k: (scores[k].precision, *tie_break(k)))
            else:
                best = max(
                    candidates,
                    key=lambda k: (scores[k].recall, scores[k].precision, *tie_break(k)),
                )
            meaning_weight[language], review_at[language] = best
        return review_at, meaning_weight


def cross_validate(factory=model.ClaimModel, locale_dir: Path | None = None) -> CrossValidation:
    """Train the five fold models on train+dev (never the test part); the shipped wording
    under `locale_dir` (the project's catalogues unless given) and the seed articles must
    pass, and the promised claims must not."""
    examples = corpus.split("train") + corpus.split("dev")
    shipped = shipped_texts(locale_dir or LOCALE_DIR)
    shipped["en"] = shipped.get("en", []) + shipped_articles()
    return CrossValidation(examples, OutOfFold(examples, factory), shipped, PROMISED_CLAIMS)
