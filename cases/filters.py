"""The queue's filters, search and sort (django-filter). Nonsense values are reported
on the filter form and ignored; they never reach a query."""

import re

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.roles import coordinators
from core.conditions import ConditionArea

from .models import Case, Patient, Submitter, Urgency


def _coordinators(request):
    return coordinators().order_by("username")


# How many cases a search keeps (see CaseQueueFilter.search).
SEARCH_MATCHES_MAX = 1000
# NAV-2026-000123: a reference is never part of a name, so names are not searched for it.
REFERENCE_SHAPE = re.compile(r"^[A-Z]+-\d{4}-\d+$", re.IGNORECASE)


def search_case_ids(value: str) -> set[int]:
    """The ids of the cases a search term finds, at most SEARCH_MATCHES_MAX + 1 of them
    (one more says there were more)."""
    return {pk for (pk,) in search_matches(value)}


def search_matches(value: str):
    """The case ids a search term finds, as one UNION ALL with a LIMIT, so PostgreSQL
    stops reading as soon as it has enough, however common the fragment."""
    if "@" in value:
        parts = [Submitter.objects.filter(email__iexact=value).values_list("case_id")]
    elif REFERENCE_SHAPE.match(value):
        parts = [Case.objects.filter(reference__iexact=value).values_list("pk")]
    else:
        parts = [
            Case.objects.filter(reference__iexact=value).values_list("pk"),
            Patient.objects.filter(full_name__icontains=value).values_list("case_id"),
            Submitter.objects.filter(full_name__icontains=value).values_list("case_id"),
        ]
    parts = [part.order_by() for part in parts]
    found = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    # A case matching on both names comes twice: read up to twice the limit.
    return found[: 2 * (SEARCH_MATCHES_MAX + 1)]


class CaseQueueFilter(django_filters.FilterSet):
    search_capped = False

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
        name. The matching cases are found first, in one small query whose parts each
        use their own index (cases migration 0012: upper-cased reference and e-mail,
        trigram indexes on the names), then the queue keeps those ids. At most
        SEARCH_MATCHES_MAX are kept: a fragment such as "Garc" can match a tenth of a
        million cases, and joining, counting and sorting them all took seconds; with the
        ids in hand every sort and count is quick. `search_capped` says the list was cut
        (the page says so and asks for more of the name)."""
        value = value.strip()[:200]
        if not value:
            return queryset
        ids = search_case_ids(value)
        self.search_capped = len(ids) > SEARCH_MATCHES_MAX
        return queryset.filter(pk__in=sorted(ids, reverse=True)[:SEARCH_MATCHES_MAX])

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset.not_overdue()

    def filter_referrals_overdue(self, queryset, name, value):
        return queryset.referrals_overdue() if value else queryset.no_referrals_overdue()
