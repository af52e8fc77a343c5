"""Writes to the library: saving revisions, review, publishing, archiving, restoring.

The review rules, each enforced here rather than in the admin:

- Two people publish an article: whoever wrote its current revision cannot approve it.
- Only a medical reviewer (the Medical reviewers group), who is not the revision's author,
  approves a revision for medical accuracy; nothing else earns the public line "Reviewed
  for medical accuracy on ...".
- A reviewer who is not the author may send an article in review back to its author with a
  written comment.
- Publishing is refused while the claims gate flags a sentence, unless a supervisor and a
  medical reviewer, two different people (neither the author), have each written down why
  publishing it anyway is acceptable. Approvals, refusals and reasons are kept in the
  article's history.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from claims import gate
from core.errors import ApplicationError

from .models import Article, ArticleEvent, ArticleRevision


class PublishRefusedError(ApplicationError):
    """A review action (submit, approve, send back, publish) was refused."""

    def __init__(self, message: str, flags: list[gate.Flag] | None = None):
        super().__init__(message)
        self.flags = flags or []


class OverrideRole(models.TextChoices):
    """The two roles that must both approve publishing a flagged revision."""

    SUPERVISOR = "supervisor", _("Supervisor")
    MEDICAL_REVIEWER = "medical_reviewer", _("Medical reviewer")


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


def claims_verdict(*, revision: ArticleRevision) -> gate.Verdict:
    """The claims gate's verdict on everything a reader reads in this revision, in the
    article's language. The same check runs on save, on submit and on publishing."""
    return gate.check(
        revision.text, channel=gate.Channel.ARTICLE, language=revision.article.language
    )


CLAIMS_REFUSAL = _(
    "The claims guard flagged sentences that could read as an eligibility or outcome claim. "
    "Rewrite them, or ask a supervisor and a medical reviewer to each approve, with a "
    "written reason, publishing them anyway."
)


def _in_review(article: Article) -> tuple[Article, ArticleRevision]:
    """The article, locked, and its current revision, which must be in review."""
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("latest_revision")
        .get(pk=article.pk)
    )
    revision = article.latest_revision
    if article.status != Article.Status.IN_REVIEW or revision is None:
        raise PublishRefusedError(_("This article is not in review: submit it for review first."))
    return article, revision


def article_publish(*, article: Article, by) -> Article:
    """A second editor approves the current revision and makes it public. A refusal for
    flagged sentences is itself recorded in the history (so it is committed, not rolled
    back with the refusal)."""
    published, verdict = _publish(article=article, by=by)
    if published is None:
        raise PublishRefusedError(CLAIMS_REFUSAL, verdict.flags)
    return published


def _withdraw_stale_override(*, article, revision, verdict, by) -> None:
    """An override covers the sentences flagged when it was approved. If the gate now
    flags something else, the approvals no longer hold: they are withdrawn, in the
    history, and both roles have to approve again."""
    approved = revision.override_supervisor_id or revision.override_medical_reviewer_id
    if not approved or revision.override_flags == verdict.summary():
        return
    for field in ("override_supervisor", "override_medical_reviewer"):
        setattr(revision, field, None)
        setattr(revision, f"{field}_reason", "")
        setattr(revision, f"{field}_at", None)
    revision.override_flags = ""
    revision.save(
        update_fields=[
            "override_supervisor",
            "override_supervisor_reason",
            "override_supervisor_at",
            "override_medical_reviewer",
            "override_medical_reviewer_reason",
            "override_medical_reviewer_at",
            "override_flags",
        ]
    )
    ArticleEvent.objects.create(
        article=article,
        revision=revision,
        kind=ArticleEvent.Kind.OVERRIDE_WITHDRAWN,
        actor=by,
        note=f"The claims gate now flags: {verdict.summary()}"[:2000],
    )


@transaction.atomic
def _publish(*, article: Article, by):
    article, revision = _in_review(article)
    if revision.author_id == by.pk:
        raise PublishRefusedError(
            _("You wrote the current revision, so a second editor has to review and publish it.")
        )
    verdict = claims_verdict(revision=revision)
    flagged = not verdict.passed
    if flagged:
        _withdraw_stale_override(article=article, revision=revision, verdict=verdict, by=by)
    if flagged and not revision.override_approved:
        ArticleEvent.objects.create(
            article=article,
            revision=revision,
            kind=ArticleEvent.Kind.PUBLISH_REFUSED,
            actor=by,
            note=(verdict.summary() or f"claims gate outcome: {verdict.outcome}")[:2000],
        )
        return None, verdict
    revision.reviewer = by
    revision.reviewed_at = timezone.now()
    revision.save(update_fields=["reviewer", "reviewed_at"])
    article.published_revision = revision
    article.status = Article.Status.PUBLISHED
    article.save(update_fields=["published_revision", "status", "updated_at"])
    if flagged:
        ArticleEvent.objects.create(
            article=article,
            revision=revision,
            kind=ArticleEvent.Kind.CLAIMS_OVERRIDDEN,
            actor=by,
            note=(
                f"Override approved by {revision.override_supervisor} (supervisor): "
                f"{revision.override_supervisor_reason} | by "
                f"{revision.override_medical_reviewer} (medical reviewer): "
                f"{revision.override_medical_reviewer_reason} | Flagged: {verdict.summary()}"
            )[:4000],
        )
    ArticleEvent.objects.create(
        article=article, revision=revision, kind=ArticleEvent.Kind.PUBLISHED, actor=by
    )
    return article, verdict


@transaction.atomic
def article_approve_medical_accuracy(*, article: Article, by) -> ArticleRevision:
    """A medical reviewer approves the current revision for medical accuracy: in review,
    or already published (the public line then changes to name the date)."""
    if not roles.is_medical_reviewer(by):
        raise PublishRefusedError(_("Only a medical reviewer can approve medical accuracy."))
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("latest_revision")
        .get(pk=article.pk)
    )
    revision = article.latest_revision
    if revision is None or article.status not in (
        Article.Status.IN_REVIEW,
        Article.Status.PUBLISHED,
    ):
        raise PublishRefusedError(_("Submit the article for review before approving it."))
    if revision.author_id == by.pk:
        raise PublishRefusedError(
            _("You wrote the current revision, so another medical reviewer has to approve it.")
        )
    if revision.medically_reviewed:
        raise PublishRefusedError(_("This revision is already approved for medical accuracy."))
    revision.medical_reviewer = by
    revision.medical_reviewed_at = timezone.now()
    revision.full_clean()
    revision.save(update_fields=["medical_reviewer", "medical_reviewed_at"])
    ArticleEvent.objects.create(
        article=article, revision=revision, kind=ArticleEvent.Kind.MEDICALLY_REVIEWED, actor=by
    )
    return revision


def may_send_back(user) -> bool:
    """Who reviews: content editors who may publish, and medical reviewers."""
    return user.has_perm("content.publish_article") or roles.is_medical_reviewer(user)


@transaction.atomic
def article_send_back(*, article: Article, by, comment: str) -> Article:
    """A reviewer returns an article in review to draft, saying what to change."""
    comment = comment.strip()
    if not comment:
        raise PublishRefusedError(_("Write a comment for the author: say what to change."))
    if not may_send_back(by):
        raise PublishRefusedError(_("Only a content editor or a medical reviewer can do this."))
    article, revision = _in_review(article)
    if revision.author_id == by.pk:
        raise PublishRefusedError(
            _("You wrote the current revision: edit it yourself instead of sending it back.")
        )
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    ArticleEvent.objects.create(
        article=article,
        revision=revision,
        kind=ArticleEvent.Kind.SENT_BACK,
        actor=by,
        note=comment[:4000],
    )
    return article


@dataclass(frozen=True)
class _OverrideSlot:
    holds_role: Callable  # user -> bool
    field: str  # the revision's fields: <field>, <field>_reason, <field>_at
    other_field: str  # the other role's approver, who must be someone else
    kind: str  # the history entry


OVERRIDE_SLOTS = {
    OverrideRole.SUPERVISOR: _OverrideSlot(
        roles.is_supervisor,
        "override_supervisor",
        "override_medical_reviewer",
        ArticleEvent.Kind.OVERRIDE_SUPERVISOR,
    ),
    OverrideRole.MEDICAL_REVIEWER: _OverrideSlot(
        roles.is_medical_reviewer,
        "override_medical_reviewer",
        "override_supervisor",
        ArticleEvent.Kind.OVERRIDE_MEDICAL,
    ),
}


def override_roles_open(*, revision: ArticleRevision, user) -> list[OverrideRole]:
    """The override approvals this user could still give on this revision."""
    if revision.author_id == user.pk:
        return []
    return [
        role
        for role, slot in OVERRIDE_SLOTS.items()
        if getattr(revision, f"{slot.field}_id") is None
        and getattr(revision, f"{slot.other_field}_id") != user.pk
        and slot.holds_role(user)
    ]


@transaction.atomic
def article_approve_override(*, article: Article, by, role: str, reason: str) -> ArticleRevision:
    """One of the two approvals needed to publish a revision despite flagged sentences:
    a supervisor's or a medical reviewer's, each with a written reason."""
    slot = OVERRIDE_SLOTS.get(role)
    if slot is None:
        raise PublishRefusedError(_("Choose the role in which you approve."))
    if not slot.holds_role(by):
        raise PublishRefusedError(_("You do not hold the role this approval needs."))
    reason = reason.strip()
    if not reason:
        raise PublishRefusedError(
            _("Write down why publishing these sentences is acceptable despite the flags.")
        )
    article, revision = _in_review(article)
    if revision.author_id == by.pk:
        raise PublishRefusedError(
            _("You wrote the current revision, so you cannot approve overriding its flags.")
        )
    verdict = claims_verdict(revision=revision)
    if verdict.passed:
        raise PublishRefusedError(
            _("The claims guard flagged nothing: there is nothing to override.")
        )
    _withdraw_stale_override(article=article, revision=revision, verdict=verdict, by=by)
    if getattr(revision, f"{slot.field}_id") is not None:
        raise PublishRefusedError(_("Someone in this role has already approved the override."))
    if getattr(revision, f"{slot.other_field}_id") == by.pk:
        raise PublishRefusedError(
            _("You have already approved the override in the other role: it needs two people.")
        )
    setattr(revision, slot.field, by)
    setattr(revision, f"{slot.field}_reason", reason)
    setattr(revision, f"{slot.field}_at", timezone.now())
    revision.override_flags = verdict.summary()
    revision.full_clean()
    revision.save(
        update_fields=[slot.field, f"{slot.field}_reason", f"{slot.field}_at", "override_flags"]
    )
    ArticleEvent.objects.create(
        article=article,
        revision=revision,
        kind=slot.kind,
        actor=by,
        note=f"Reason: {reason} | Flagged: {verdict.summary()}"[:4000],
    )
    return revision


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
