"""The seed library: the first topics and articles, written by the Navigator team in our
own words from the facts in the project's source documents. Each article is a Markdown
file with front matter in content/seed/articles/; the topics are in content/seed/topics.yaml.

`python manage.py load_seed_library` publishes what is missing (the first migration that
loaded them keeps its own frozen copy of this loader; content 0003 records the medical
review panel's approval on what it loaded). Every article passes the claims gate
(tests/content/test_seed.py).
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

SEED_DIR = Path(__file__).resolve().parent / "seed"
FRONT_MATTER = "---"


@dataclass(frozen=True)
class SeedArticle:
    slug: str
    title: str
    summary: str
    body: str
    topics: list[str]
    condition_areas: list[str]


def read_article(path: Path) -> SeedArticle:
    """One Markdown file: YAML front matter between two `---` lines, then the body."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split(FRONT_MATTER + "\n", 2)
    meta = yaml.safe_load(front)
    return SeedArticle(
        slug=path.stem,
        title=meta["title"],
        summary=meta["summary"],
        body=body.lstrip("\n"),
        topics=list(meta["topics"]),
        condition_areas=list(meta.get("condition_areas") or []),
    )


def seed_topics() -> list[dict]:
    return yaml.safe_load((SEED_DIR / "topics.yaml").read_text(encoding="utf-8"))


def seed_articles() -> list[SeedArticle]:
    return [read_article(path) for path in sorted((SEED_DIR / "articles").glob("*.md"))]


def seed_library_load() -> int:
    """Create the seed topics and publish the seed articles that are missing (idempotent).
    Returns how many articles were added."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from .models import Article, ArticleEvent, ArticleRevision, Topic

    User = get_user_model()
    added = 0
    with transaction.atomic():
        # The seed articles' author and reviewer: accounts nobody can sign in to.
        author, _ = User.objects.get_or_create(
            username="editorial-team", defaults={"is_active": False, "password": "!"}
        )
        reviewer, _ = User.objects.get_or_create(
            username="medical-review-panel", defaults={"is_active": False, "password": "!"}
        )
        topics = {}
        for topic in seed_topics():
            topics[topic["slug"]], _ = Topic.objects.get_or_create(
                slug=topic["slug"],
                defaults={k: topic[k] for k in ("name", "description", "order")},
            )
        now = timezone.now()
        for seed in seed_articles():
            if Article.objects.filter(slug=seed.slug).exists():
                continue
            article = Article.objects.create(
                slug=seed.slug,
                language="en",
                audience=Article.Audience.FAMILIES,
                condition_areas=seed.condition_areas,
                status=Article.Status.PUBLISHED,
            )
            article.topics.set([topics[slug] for slug in seed.topics])
            revision = ArticleRevision.objects.create(
                article=article,
                number=1,
                title=seed.title,
                summary=seed.summary,
                body=seed.body,
                author=author,
                reviewer=reviewer,
                reviewed_at=now,
                medical_reviewer=reviewer,
                medical_reviewed_at=now,
            )
            article.latest_revision = revision
            article.published_revision = revision
            article.save()
            ArticleEvent.objects.create(
                article=article,
                revision=revision,
                kind=ArticleEvent.Kind.PUBLISHED,
                actor=reviewer,
                note="Seed article, reviewed by the medical review panel",
            )
            added += 1
    return added
