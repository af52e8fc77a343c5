"""The shipped seed library is judged by the same claims gate as everything Navigator
says, and carries its medical review."""

import importlib

import pytest
from django.test import Client

from claims import gate
from content.models import Article, ArticleEvent
from content.seed import SEED_DIR, seed_articles

SEEDS = seed_articles()


def test_there_is_a_seed_library():
    assert len(SEEDS) >= 6


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.slug for seed in SEEDS])
def test_every_seed_article_passes_the_claims_gate(seed):
    # What a reader reads, as ArticleRevision.text puts it together.
    text = f"{seed.title}.\n{seed.summary}\n{seed.body}"
    verdict = gate.check(text, channel=gate.Channel.ARTICLE, language="en")
    assert verdict.outcome == "pass", verdict.summary()
    assert verdict.flags == []


@pytest.mark.django_db
def test_the_loaded_seed_articles_keep_their_medical_review_line():
    for seed in SEEDS:
        article = Article.objects.get(slug=seed.slug)
        revision = article.published_revision
        assert revision.medically_reviewed, seed.slug
        assert revision.medical_reviewer.username == "medical-review-panel"
        assert not revision.medical_reviewer.is_active  # nobody can sign in as the panel
    page = Client().get(Article.objects.get(slug=SEEDS[0].slug).get_absolute_url())
    assert "Reviewed for medical accuracy on" in page.content.decode()


def reword_migration():
    return importlib.import_module("content.migrations.0004_reword_seed_articles")


def test_the_reworded_seed_files_match_the_migrations_frozen_copy():
    """A new database (which loads the files) and an old one (which content 0004 revises)
    end up with the same words."""
    for slug, pairs in reword_migration().REWORDED.items():
        text = (SEED_DIR / "articles" / f"{slug}.md").read_text(encoding="utf-8")
        for old, new in pairs:
            assert old not in text and new in text, slug


@pytest.mark.django_db
def test_an_older_database_gets_the_reworded_seed_articles_as_new_revisions():
    from django.apps import apps

    slug = "allogeneic-versus-autologous-car-t"
    old, _new = reword_migration().REWORDED[slug][0]
    article = Article.objects.get(slug=slug)
    before = article.published_revision
    # As the seed library was first loaded: with the general benefit statement.
    body = before.body
    for old_words, new_words in reword_migration().REWORDED[slug]:
        body = body.replace(new_words, old_words)
    assert "This has helped many people" in body and old in body
    type(before).objects.filter(pk=before.pk).update(body=body)

    reword_migration().reword_seed_articles(apps, None)

    article.refresh_from_db()
    revision = article.published_revision
    assert revision.number == before.number + 1 and article.latest_revision == revision
    assert "helped many people" not in revision.body
    assert revision.medically_reviewed and revision.author.username == "editorial-team"
    assert ArticleEvent.objects.filter(
        article=article, revision=revision, kind=ArticleEvent.Kind.PUBLISHED
    ).exists()
    reword_migration().reword_seed_articles(apps, None)  # once only
    assert article.revisions.count() == before.number + 1
