"""Writes to the library: saving revisions, review, publishing, archiving, restoring.

Two people publish an article: whoever wrote its current revision cannot approve it.
Publishing is refused while the claims guard flags a sentence, unless the reviewer
writes down why the sentence is acceptable; that reason is kept in the history.
"""

import difflib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.gate import find_claims
from claims.rules import Claim
from core.errors import ApplicationError

from .models import Article, ArticleEvent, ArticleRevision


class PublishRefusedError(ApplicationError):
    def __init__(self, message: str, claims: list[Claim] | None = None):
        super().__init__(message)
        self.claims = claims or []


def _next_number(article: Article) -> int:
    last = article.revisions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _new_revision(*, article, author, title, summary, body, restored_from=None) -> ArticleRevision:
    revision = ArticleRevision(
        article=article,
        number=_next_number(article),
        title=title.strip(),
        summary=summary.strip(),
        body=body,
        author=author,
        restored_from=restored_from,
    )
    revision.full_clean()
    revision.save()
    article.latest_revision = revision
    if article.status in (Article.Status.PUBLISHED, Article.Status.IN_REVIEW):
        # New words need a new review; the public page keeps the published revision.
        article.status = Article.Status.DRAFT
    article.save()
    return revision


@transaction.atomic
def article_save(
    *,
    author,
    title: str,
    summary: str,
    body: str,
    topics,
    article: Article | None = None,
    slug: str | None = None,
    condition_areas: list[str] | None = None,
    audience: str | None = None,
    language: str | None = None,
    translation_of: Article | None = None,
) -> Article:
    """Create an article, or save a change to one as a new revision (only when the words
    changed; settings such as topics are saved on the article itself)."""
    if not body or not body.strip():
        raise ValidationError({"body": "An article needs a body."})
    topics = list(topics)
    if not topics:
        raise ValidationError({"topics": "Choose at least one topic."})
    if article is None:
        article = Article(slug=slug, status=Article.Status.DRAFT)
    if slug:
        article.slug = slug
    for field, value in (
        ("condition_areas", condition_areas),
        ("audience", audience),
        ("language", language),
    ):
        if value is not None:
            setattr(article, field, value)
    article.translation_of = translation_of
    article.full_clean(exclude=["latest_revision", "published_revision"])
    article.save()
    article.topics.set(topics)

    latest = article.latest_revision
    changed = latest is None or (latest.title, latest.summary, latest.body) != (
        title.strip(),
        summary.strip(),
        body,
    )
    if changed:
        revision = _new_revision(
            article=article, author=author, title=title, summary=summary, body=body
        )
        ArticleEvent.objects.create(
            article=article, revision=revision, kind=ArticleEvent.Kind.SAVED, actor=author
        )
    return article


@transaction.atomic
def article_submit_for_review(*, article: Article, by) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != Article.Status.DRAFT or not article.has_unpublished_changes:
        raise PublishRefusedError("Only a draft with unpublished changes can be sent for review.")
    article.status = Article.Status.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])
    ArticleEvent.objects.create(
        article=article,
        revision=article.latest_revision,
        kind=ArticleEvent.Kind.SUBMITTED,
        actor=by,
    )
    return article


def claims_in(revision: ArticleRevision) -> list[Claim]:
    return find_claims(revision.text)


CLAIMS_REFUSAL = (
    "The claims guard flagged sentences that could read as an eligibility or outcome claim. "
    "Rewrite them, or give a written reason to publish anyway."
)


def article_publish(*, article: Article, by, override_reason: str = "") -> Article:
    """A second editor approves the current revision and makes it public. A refusal for
    flagged sentences is itself recorded in the history (so it is committed, not rolled
    back with the refusal)."""
    published, claims = _publish(article=article, by=by, override_reason=override_reason)
    if published is None:
        raise PublishRefusedError(CLAIMS_REFUSAL, claims)
    return published


@transaction.atomic
def _publish(*, article: Article, by, override_reason: str):
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("latest_revision")
        .get(pk=article.pk)
    )
    revision = article.latest_revision
    if article.status != Article.Status.IN_REVIEW or revision is None:
        raise PublishRefusedError("Send the article for review before publishing it.")
    if revision.author_id == by.pk:
        raise PublishRefusedError(
            "You wrote the current revision, so a second editor has to review and publish it."
        )
    claims = claims_in(revision)
    override_reason = override_reason.strip()
    if claims and not override_reason:
        ArticleEvent.objects.create(
            article=article,
            revision=revision,
            kind=ArticleEvent.Kind.PUBLISH_REFUSED,
            actor=by,
            note="; ".join(f"{c.sentence} ({c.reason})" for c in claims)[:2000],
        )
        return None, claims
    now = timezone.now()
    revision.reviewer = by
    revision.reviewed_at = now
    revision.claims_override_reason = override_reason if claims else ""
    revision.save(update_fields=["reviewer", "reviewed_at", "claims_override_reason"])
    article.published_revision = revision
    article.status = Article.Status.PUBLISHED
    article.save(update_fields=["published_revision", "status", "updated_at"])
    if claims:
        ArticleEvent.objects.create(
            article=article,
            revision=revision,
            kind=ArticleEvent.Kind.CLAIMS_OVERRIDDEN,
            actor=by,
            note=f"Reason: {override_reason}. Flagged: "
            + "; ".join(c.sentence for c in claims)[:1500],
        )
    ArticleEvent.objects.create(
        article=article, revision=revision, kind=ArticleEvent.Kind.PUBLISHED, actor=by
    )
    return article, claims


@transaction.atomic
def article_archive(*, article: Article, by) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.status = Article.Status.ARCHIVED
    article.save(update_fields=["status", "updated_at"])
    ArticleEvent.objects.create(article=article, kind=ArticleEvent.Kind.ARCHIVED, actor=by)
    return article


@transaction.atomic
def article_restore(*, article: Article, revision: ArticleRevision, by) -> ArticleRevision:
    """Make an older revision's words the newest draft (history is never rewritten)."""
    if revision.article_id != article.pk:
        raise PublishRefusedError("That revision belongs to another article.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    restored = _new_revision(
        article=article,
        author=by,
        title=revision.title,
        summary=revision.summary,
        body=revision.body,
        restored_from=revision,
    )
    ArticleEvent.objects.create(
        article=article,
        revision=restored,
        kind=ArticleEvent.Kind.RESTORED,
        actor=by,
        note=f"Restored the words of revision {revision.number}",
    )
    return restored


def revision_diff(older: ArticleRevision, newer: ArticleRevision) -> str:
    """A side-by-side HTML table of the differences (difflib escapes the text)."""
    return difflib.HtmlDiff(wrapcolumn=70).make_table(
        older.text.splitlines(),
        newer.text.splitlines(),
        fromdesc=f"Revision {older.number}",
        todesc=f"Revision {newer.number}",
        context=True,
        numlines=2,
    )
