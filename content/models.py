"""The educational library: topics, articles and every revision of every article.

An article's words live in its revisions. The public sees only `published_revision`;
editing a published article makes a new draft revision and leaves the public page alone
until a second editor approves it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.conditions import ConditionArea

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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        permissions = [("publish_article", "Can review and publish articles")]

    def __str__(self) -> str:
        revision = self.latest_revision
        return revision.title if revision else self.slug

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
    claims_override_reason = models.TextField(blank=True)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} r{self.number}"

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
