"""The educational library: topics, articles and every revision of every article.

An article's words live in its revisions. The public sees only `published_revision`;
editing a published article makes a new draft revision and leaves the public page alone
until a second editor approves it.

Approval is recorded per revision, never carried over to new words: who published it
(`reviewer`), which medical reviewer approved it for medical accuracy (`medical_reviewer`,
the only thing that earns the public line "Reviewed for medical accuracy on ..."), and,
when the claims gate flagged a sentence, the supervisor and the medical reviewer who each
approved publishing it anyway (`override_*`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.conditions import ConditionArea

from .searching import searchable_text

# Every published page and handout carries this.
MEDICAL_DISCLAIMER = _(
    "This article explains a medical subject in general terms. It is not medical advice and "
    "it says nothing about any one patient. Whether a treatment or a clinical trial is "
    "possible for someone is decided only by the treating hospital or the trial team, after "
    "they have reviewed that person's complete records. Navigator does not decide or "
    "guarantee eligibility, access to treatment or any outcome."
)


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ArticleManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().defer("search_text")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Audience(models.TextChoices):
        FAMILIES = "families", _("Families")
        CLINICIANS = "clinicians", _("Clinicians")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="articles")
    condition_areas = models.JSONField(
        _("condition areas"),
        default=list,
        blank=True,
        help_text=_("Which cases it suits: any of %(areas)s.")
        % {"areas": ", ".join(ConditionArea.values)},
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.FAMILIES
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    latest_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The published revision's words, folded for the search (content.searching): kept on
    # the article so that a search reads only the articles in the reader's language, and
    # deferred by the default manager because no page but the search needs it.
    search_text = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleManager()

    class Meta:
        ordering = ["slug"]
        base_manager_name = "objects"
        permissions = [
            ("publish_article", "Can review and publish articles"),
            ("medical_review_article", "Can approve articles for medical accuracy"),
        ]

    def __str__(self) -> str:
        revision = self.latest_revision
        return revision.title if revision else self.slug

    def save(self, *args, **kwargs):
        # The search text follows the published revision, whichever service publishes.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "published_revision" in update_fields:
            revision = self.published_revision
            self.search_text = (
                searchable_text(title=revision.title, summary=revision.summary, body=revision.body)
                if revision
                else ""
            )
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("content:article", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.published_revision_id is not None and self.status != self.Status.ARCHIVED

    @property
    def has_unpublished_changes(self) -> bool:
        return self.latest_revision_id != self.published_revision_id


class ArticleRevision(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("body (Markdown)"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="article_revisions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_revisions",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    medical_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medical reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="medically_reviewed_revisions",
    )
    medical_reviewed_at = models.DateTimeField(
        _("reviewed for medical accuracy"), null=True, blank=True
    )
    # Publishing while the claims gate flags a sentence: two people, two roles, two reasons.
    override_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override approved by (supervisor)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_supervisor_reason = models.TextField(blank=True)
    override_supervisor_at = models.DateTimeField(null=True, blank=True)
    override_medical_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override approved by (medical reviewer)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_medical_reviewer_reason = models.TextField(blank=True)
    override_medical_reviewer_at = models.DateTimeField(null=True, blank=True)
    # What the gate flagged when the override was first approved: the override covers
    # exactly these sentences, so a gate that later flags others needs a new approval.
    override_flags = models.TextField(blank=True)
    # Before overrides needed two people, one reviewer's reason; kept for history.
    claims_override_reason = models.TextField(blank=True)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique"),
            models.CheckConstraint(
                condition=Q(medical_reviewer__isnull=True, medical_reviewed_at__isnull=True)
                | Q(medical_reviewer__isnull=False, medical_reviewed_at__isnull=False),
                name="revision_medical_review_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(override_supervisor__isnull=True)
                | Q(override_medical_reviewer__isnull=True)
                | ~Q(override_supervisor=F("override_medical_reviewer")),
                name="revision_override_needs_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} r{self.number}"

    @property
    def medically_reviewed(self) -> bool:
        """True only when a medical reviewer approved these words: the one condition for
        the public line "Reviewed for medical accuracy on <date>"."""
        return self.medical_reviewer_id is not None and self.medical_reviewed_at is not None

    @property
    def override_approved(self) -> bool:
        """A supervisor and a medical reviewer, two different people, both approved
        publishing this revision despite its flagged sentences."""
        return (
            self.override_supervisor_id is not None
            and self.override_medical_reviewer_id is not None
            and self.override_supervisor_id != self.override_medical_reviewer_id
        )

    @property
    def text(self) -> str:
        """Everything a reader reads: what the claims guard checks."""
        return f"{self.title}.\n{self.summary}\n{self.body}"


class ArticleEvent(models.Model):
    """The article's history: each explicit action, with who did it and why."""

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved a revision")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Reviewed and published")
        CLAIMS_OVERRIDDEN = "claims_overridden", _("Published despite flagged sentences")
        PUBLISH_REFUSED = "publish_refused", _("Publishing refused")
        MEDICALLY_REVIEWED = "medically_reviewed", _("Approved for medical accuracy")
        SENT_BACK = "sent_back", _("Sent back to the author with comments")
        OVERRIDE_SUPERVISOR = "override_supervisor", _("Override approved by a supervisor")
        OVERRIDE_MEDICAL = "override_medical", _("Override approved by a medical reviewer")
        OVERRIDE_WITHDRAWN = "override_withdrawn", _("Override approvals withdrawn")
        ARCHIVED = "archived", _("Archived")
        RESTORED = "restored", _("Restored an older revision")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    revision = models.ForeignKey(
        ArticleRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.article_id} {self.kind}"
