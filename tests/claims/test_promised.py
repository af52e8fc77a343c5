"""claims/promised.py: the seed articles cross-validation must pass, read the way the
product reads them (tests/claims/test_gate.py checks the promised claims are held)."""

from claims.promised import shipped_articles
from content.seed import seed_articles


def test_the_seed_articles_are_read_as_a_reader_reads_them():
    # The same text content.seed loads and ArticleRevision.text puts together.
    expected = [f"{a.title}.\n{a.summary}\n{a.body}" for a in seed_articles()]
    assert shipped_articles() == expected
