"""Filters of the audit page (django-filter, like the queue's). A name or a reference
matches whatever its case, through the upper-cased indexes on AuditEvent (so a filter is an
index range, not a scan of millions of rows); a value that is not a choice is left out."""

import django_filters
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


def _upper_equals(field: str):
    def method(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.alias(**{f"{field}_upper": Upper(field)}).filter(
            **{f"{field}_upper": value.upper()}
        )

    return method


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(label=_("Who"), method="filter_actor")
    action = django_filters.ChoiceFilter(label=_("What"), choices=AuditEvent.Action.choices)
    case = django_filters.CharFilter(label=_("Case reference"), method="filter_case")

    filter_actor = _upper_equals("actor_username")
    filter_case = _upper_equals("case_reference")

    class Meta:
        model = AuditEvent
        fields = []
