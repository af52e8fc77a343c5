"""The queue's filters, search and sort (django-filter). Nonsense values are reported
on the filter form and ignored; they never reach a query."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.roles import coordinators
from core.conditions import ConditionArea

from .models import Case, Patient, Submitter, Urgency


def _coordinators(request):
    return coordinators().order_by("username")


class CaseQueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Case.Status.choices)
    condition_area = django_filters.ChoiceFilter(
        label=_("Condition area"), choices=ConditionArea.choices
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Case._meta.get_field("language").choices
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=list(countries))
    urgency = django_filters.ChoiceFilter(label=_("Urgency"), choices=Urgency.choices)
    coordinator = django_filters.ModelChoiceFilter(label=_("Coordinator"), queryset=_coordinators)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue first contact"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )
    waiting = django_filters.BooleanFilter(
        label=_("Waiting for us (the family wrote)"),
        field_name="reply_due_at",
        lookup_expr="isnull",
        exclude=True,
        widget=django_filters.widgets.BooleanWidget(),
    )
    referrals_overdue = django_filters.BooleanFilter(
        label=_("Referrals overdue for a response"),
        method="filter_referrals_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("reference", "reference"),
            ("priority", "urgency"),
            ("submitted_at", "age"),
            ("status", "status"),
            ("first_contact_due_at", "due"),
            ("reply_due_at", "reply_due"),
            ("country", "country"),
            ("language", "language"),
        ),
    )

    class Meta:
        model = Case
        fields = []

    def search(self, queryset, name, value):
        """A reference or an e-mail exactly, or part of the patient's or the sender's
        name. Asked as one UNION of four lookups, each served by its own index (cases
        migration 0010: upper-cased reference and e-mail, trigram indexes on the names),
        instead of an OR across three tables, which could only scan them all."""
        value = value.strip()[:200]
        if not value:
            return queryset
        matching = (
            Case.objects.filter(reference__iexact=value)
            .order_by()
            .values("pk")
            .union(
                Submitter.objects.filter(email__iexact=value).order_by().values("case_id"),
                Patient.objects.filter(full_name__icontains=value).order_by().values("case_id"),
                Submitter.objects.filter(full_name__icontains=value).order_by().values("case_id"),
            )
        )
        return queryset.filter(pk__in=matching)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset.not_overdue()

    def filter_referrals_overdue(self, queryset, name, value):
        return queryset.referrals_overdue() if value else queryset.no_referrals_overdue()
