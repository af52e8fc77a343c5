"""Reads for the public library (only published, non-archived articles), and for the
editors' review pages."""

from django.conf import settings
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from .models import Article, ArticleEvent
from .searching import folded


def published_articles(*, language: str | None = None) -> QuerySet[Article]:
    articles = (
        Article.objects.filter(published_revision__isnull=False)
        .exclude(status=Article.Status.ARCHIVED)
        .select_related("published_revision")
        .order_by("published_revision__title")
    )
    if language:
        in_language = articles.filter(language=language)
        # Families reading in a language with no articles yet get the English ones.
        articles = in_language if in_language.exists() else articles.filter(language="en")
    return articles


def public_article(*, slug: str) -> Article | None:
    return (
        published_articles()
        .select_related("published_revision__reviewer", "published_revision__medical_reviewer")
        .prefetch_related("topics", "translations")
        .filter(slug=slug)
        .first()
    )


def library_index(*, language: str) -> QuerySet:
    """The topic index as (topic, article) rows, in topic order then by title, bodies left
    unread: the /learn/ page takes a page of them at a time, however large the library.
    An article filed under two topics is listed under both."""
    listed = Article.topics.through.objects.filter(
        article__in=published_articles(language=language)
    )
    return (
        listed.select_related("topic", "article__published_revision")
        .defer("article__published_revision__body")
        .order_by(
            "topic__order", "topic__name", "topic_id", "article__published_revision__title", "id"
        )
    )


def search_articles(*, query: str, language: str) -> QuerySet[Article]:
    """Published articles in the reader's language (or the English fallback) whose words
    contain what was typed. The text is matched on the article's own folded copy, so only
    the articles in that language are read, never every revision of every article."""
    wanted = folded(query)
    if not wanted:
        return Article.objects.none()
    return published_articles(language=language).filter(search_text__contains=wanted)


def articles_for_area(*, condition_area: str, language: str, limit: int = 3) -> list[Article]:
    """ "While you wait" suggestions for a case's condition area: those for the area
    first, then general ones, each in the family's language where a translation is
    published and in its original language otherwise (the page says so). Three small
    queries with a limit, bodies left unread, so the status page costs the same however
    large the library grows."""
    originals = (
        Article.objects.filter(
            published_revision__isnull=False,
            translation_of__isnull=True,
            audience=Article.Audience.FAMILIES,
            language__in={language, settings.LANGUAGE_CODE},
        )
        .exclude(status=Article.Status.ARCHIVED)
        .select_related("published_revision")
        .defer("published_revision__body")
        .order_by("published_revision__title")
        .alias(areas=Cast("condition_areas", TextField()))
    )
    # condition_areas is a JSON list of plain codes: '["blood", "solid"]'.
    chosen = list(originals.filter(areas__contains=f'"{condition_area}"')[:limit])
    if len(chosen) < limit:
        chosen += list(originals.filter(areas="[]")[: limit - len(chosen)])
    translated = {
        article.translation_of_id: article
        for article in published_articles()
        .filter(translation_of__in=[a.pk for a in chosen if a.language != language])
        .filter(language=language)
        .defer("published_revision__body")
    }
    return [translated.get(article.pk, article) for article in chosen]


def translation_for(article: Article, language: str) -> Article:
    """The published translation of an article in `language`, or the article itself."""
    original = article.translation_of or article
    if original.language == language and original.is_public:
        return original
    for candidate in original.translations.all():
        if candidate.language == language and candidate.is_public:
            return candidate
    return article


def open_review_comments(*, article: Article) -> QuerySet[ArticleEvent]:
    """The comments of reviewers who sent the article back since it was last submitted:
    what its author still has to address (newest first)."""
    comments = article.events.filter(kind=ArticleEvent.Kind.SENT_BACK).select_related(
        "actor", "revision"
    )
    last_submitted = (
        article.events.filter(kind=ArticleEvent.Kind.SUBMITTED)
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)
        .first()
    )
    if last_submitted is not None:
        comments = comments.filter(id__gt=last_submitted)
    return comments
