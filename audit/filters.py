"""Filters of the audit page (django-filter, like the queue's). Each one matches stored
values, and a value that is not a choice is left out of the query."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Who"), field_name="actor_username", lookup_expr="iexact"
    )
    action = django_filters.ChoiceFilter(label=_("What"), choices=AuditEvent.Action.choices)
    case = django_filters.CharFilter(
        label=_("Case reference"), field_name="case_reference", lookup_expr="iexact"
    )

    class Meta:
        model = AuditEvent
        fields = []
