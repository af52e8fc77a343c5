"""Verdicts promised outside the corpus, which cross-validation (claims/crossval.py) may
not trade away for a better score on it.

- PROMISED_CLAIMS: the issue's own examples of claims the gate once let through (issue
  10), in every language it gave them. None may pass; tests/claims/test_gate.py checks
  the shipped gate, and cross-validation never chooses a setting that lets one through.
- shipped_articles: the seed library's articles, which are shipped wording like the
  catalogues (every one must pass; tests/content/test_seed.py).
"""

from pathlib import Path

import yaml

PROMISED_CLAIMS: dict[str, tuple[str, ...]] = {
    "en": (
        "Your father is a strong candidate for the study.",
        "The hospital has room for her in the March cohort.",
        "The spot is his.",
        "Her enrolment was confirmed by the trial office.",
        "Isn't it great that he qualifies?",
        "We can get you into the trial.",
        "90% of our patients go into remission.",
        "Mr Wang is eligible.",
    ),
    "es": ("Su padre es elegible para el ensayo.", "La plaza es suya."),
    "zh": ("您父亲符合入组条件。", "医院已经接收了您的母亲。"),
}

# The seed library lives in the content app, which depends on this one: read its files
# rather than import it.
SEED_ARTICLES_DIR = Path(__file__).resolve().parent.parent / "content" / "seed" / "articles"


def shipped_articles(directory: Path = SEED_ARTICLES_DIR) -> list[str]:
    """Each seed article as a reader reads it: title, summary, body (as content.seed and
    ArticleRevision.text put them together)."""
    texts = []
    for path in sorted(directory.glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        body = body.lstrip("\n")
        texts.append(f"{meta['title']}.\n{meta['summary']}\n{body}")
    return texts
