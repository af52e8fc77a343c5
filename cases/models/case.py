"""A case and its history: what routing, the queue and the status page work from.

Fields, constraints and labels only; workflow lives in the services. What the family sent
is in inquiry.py, files in files.py, the coordinators' work in work.py, the team in team.py.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.conditions import ConditionArea

from .. import sla
from ..family.choices import HelpTopic, Urgency

# The most a family may write about the help they want (the inquiry's form reads it here).
HELP_DETAILS_MAX_CHARS = 5000


class ReferenceCounter(models.Model):
    """One row a year; incremented under a row lock so references never repeat."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Case.Status.CLOSED)

    def overdue(self, now=None):
        """Cases whose first contact is overdue: the rule is sla.is_overdue's."""
        return self.filter(self._overdue(now))

    def not_overdue(self, now=None):
        return self.exclude(self._overdue(now))

    @staticmethod
    def _overdue(now) -> models.Q:
        lookups, excluded = sla.overdue_lookups(now or timezone.now(), closed=Case.Status.CLOSED)
        return models.Q(**lookups) & ~models.Q(**excluded)

    def referrals_overdue(self, today=None):
        """Cases with a referral overdue for a response (see overdue_referrals)."""
        return self.filter(pk__in=overdue_referrals(today).values("case_id"))

    def no_referrals_overdue(self, today=None):
        return self.exclude(pk__in=overdue_referrals(today).values("case_id"))


# The referral statuses the queue reads (referrals.states: AWAITING_ANSWER and EXPIRED).
# cases may not import referrals, so they are named here; tests/cases/test_queue_referrals.py
# checks they still match.
REFERRAL_AWAITING_ANSWER = ("requested", "received")
REFERRAL_EXPIRED = "expired"


def overdue_referrals(today=None):
    """Referrals overdue for a response: waiting for the partner's first answer past the
    deadline (a date counted in working days when the referral was sent, so the day after
    the last working day to answer), or expired with no follow-up referral. Reached
    through the ORM relation: the Referral model is whatever Case.referrals points at."""
    today = today or timezone.localdate()
    referral = Case._meta.get_field("referrals").related_model
    return referral.objects.filter(
        models.Q(status__in=REFERRAL_AWAITING_ANSWER, response_due_on__lt=today)
        | models.Q(status=REFERRAL_EXPIRED, followed_by__isnull=True)
    )


class Case(models.Model):
    class Status(models.TextChoices):
        # Statuses name the navigation work being done, never a verdict on the patient.
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        RECORDS_REQUESTED = "records_requested", _("Records requested")
        RECORDS_COMPLETE = "records_complete", _("Records complete")
        SHARED_WITH_HOSPITALS = "shared_with_hospitals", _("Shared with hospitals for review")
        AWAITING_HOSPITAL = "awaiting_hospital", _("Awaiting hospital response")
        INFORMATION_SHARED = "information_shared", _("Information shared with family")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        INFORMATION_PROVIDED = (
            "information_provided",
            _("Navigation complete; information provided"),
        )
        FAMILY_WITHDREW = "family_withdrew", _("The family no longer needs help")
        NO_RESPONSE = "no_response", _("No response from the family")
        REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred to another service")
        DUPLICATE = "duplicate", _("Duplicate of another case")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.NEW
    )
    status_before_hold = models.CharField(max_length=32, choices=Status.choices, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=32, choices=CloseReason.choices, blank=True
    )
    condition_area = models.CharField(
        _("condition area"), max_length=16, choices=ConditionArea.choices
    )
    # Copied from the inquiry at submission: what routing and the queue filter on.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    country = CountryField(_("country"))
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    priority = models.PositiveSmallIntegerField(default=2)  # 0 urgent, 1 soon, 2 routine
    help_topics = models.JSONField(_("help requested"), default=list)
    help_details = models.TextField(
        _("help requested, in the family's words"),
        blank=True,
        validators=[MaxLengthValidator(HELP_DETAILS_MAX_CHARS)],
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    first_contact_due_at = models.DateTimeField(_("first contact due"), null=True, blank=True)
    first_contacted_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change a coordinator makes, so a form loaded before another
    # change can be recognised as stale.
    version = models.PositiveIntegerField(default=1)

    # Only a hash of the family's private status-page token is kept.
    status_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status_token_expires_at = models.DateTimeField(null=True, blank=True)
    # A new link the family asked for. Anyone who knows a reference and an e-mail address
    # can ask, so it replaces the link above only when it is opened: asking never breaks
    # a working link.
    pending_status_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pending_status_token_expires_at = models.DateTimeField(null=True, blank=True)
    # When a requested link was last e-mailed (or held by the claims gate): at most one
    # an hour (NAVIGATOR_STATUS_LINK_RESEND_INTERVAL).
    status_link_emailed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the claims gate held the confirmation e-mail for a person to look at.
    confirmation_held_at = models.DateTimeField(null=True, blank=True)
    # The family's choice on their status page: an e-mail when something changes, or none.
    family_notices_by_email = models.BooleanField(_("e-mail me when there is news"), default=True)
    # When the coordinator's answer to the family's oldest unanswered message is due (in
    # working hours); set by a family message, cleared by a staff reply (conversations).
    reply_due_at = models.DateTimeField(_("reply due"), null=True, blank=True)
    # Stored once, when it happens, for the dashboard's SQL aggregates: working hours
    # cannot be counted cheaply in SQL.
    first_contact_working_hours = models.FloatField(null=True, blank=True)
    records_completed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "submitted_at"]
        indexes = [
            # The queue's default sort over open cases, for everyone and per coordinator
            # (partial: closed cases, most of the table, are not in them).
            models.Index(
                fields=["priority", "submitted_at", "id"],
                condition=~models.Q(status="closed"),
                name="case_open_queue_idx",
            ),
            models.Index(
                fields=["coordinator", "priority", "submitted_at", "id"],
                condition=~models.Q(status="closed"),
                name="case_open_coord_queue_idx",
            ),
            # The Unassigned tab: PostgreSQL walks the index above for `coordinator_id =
            # n` in order, but not for IS NULL (it sorted 30,000 rows for a deep page).
            models.Index(
                fields=["priority", "submitted_at", "id"],
                condition=~models.Q(status="closed") & models.Q(coordinator__isnull=True),
                name="case_open_unassigned_idx",
            ),
            models.Index(
                fields=["status", "priority", "submitted_at"], name="case_status_queue_idx"
            ),
            models.Index(fields=["first_contact_due_at"], name="case_due_idx"),
            models.Index(fields=["reply_due_at"], name="case_reply_due_idx"),
            models.Index(fields=["language"], name="case_language_idx"),
            models.Index(fields=["country"], name="case_country_idx"),
            # The dashboard's measures over the cases submitted in a period: every column
            # they count or filter on is included, so they read the index only.
            models.Index(
                fields=["submitted_at"],
                include=[
                    "id",
                    "status",
                    "close_reason",
                    "condition_area",
                    "country",
                    "language",
                    "coordinator",
                    "first_contact_working_hours",
                    "first_contacted_at",
                    "first_contact_due_at",
                    "records_completed_at",
                ],
                name="case_dash_submitted_idx",
            ),
            # The dashboard's workload per coordinator: open cases only, index only.
            models.Index(
                fields=["coordinator"],
                include=[
                    "id",
                    "reply_due_at",
                    "first_contact_due_at",
                    "first_contacted_at",
                    "condition_area",
                    "country",
                    "language",
                ],
                condition=~models.Q(status="closed"),
                name="case_dash_open_workload_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:workspace", kwargs={"reference": self.reference})

    @property
    def help_topic_labels(self) -> list[str]:
        return [str(HelpTopic(t).label) for t in self.help_topics if t in HelpTopic.values]

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def is_overdue(self) -> bool:
        return sla.is_overdue(
            due=self.first_contact_due_at,
            contacted=self.first_contacted_at,
            closed=not self.is_open,
            now=timezone.now(),
        )


PRIORITY_BY_URGENCY = {Urgency.URGENT: 0, Urgency.SOON: 1, Urgency.ROUTINE: 2}


class TimelineEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Inquiry submitted")
        FAMILY_UPLOAD = "family_upload", _("Family added reports")
        STATUS_LINK = "status_link", _("Status link sent")
        STATUS_CHANGED = "status_changed", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        UNASSIGNED = "unassigned", _("Unassigned")
        ROUTING = "routing", _("Routing")
        NOTE = "note", _("Internal note")
        CONTACT = "contact", _("Contact with the family")
        TEXT_HELD = "text_held", _("Shared text held for review")
        TEXT_REVIEWED = "text_reviewed", _("Shared text reviewed")
        EMAIL_HELD = "email_held", _("E-mail held for review")
        REFERRAL = "referral", _("Referral")
        CONSENT = "consent", _("Consent to share")
        MESSAGE = "message", _("Message")
        TASK = "task", _("Practical task")
        RECORDS = "records", _("Records request")
        DOCUMENT_ADDED = "document_added", _("Document added by staff")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    message = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
