"""The audit trail in the admin, read-only: it cannot be edited or deleted here (and, on
PostgreSQL, a trigger refuses UPDATE and DELETE whoever asks)."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property

from core.admin import ReadOnlyAdminMixin

from .models import AuditEvent

COUNT_CAP = 10_000


class EstimatedCountPaginator(Paginator):
    """The whole trail's size from PostgreSQL's statistics instead of COUNT(*), which reads
    every row (seconds at millions); a filtered list is counted up to COUNT_CAP rows (an
    index range), so its pages reach back COUNT_CAP events; the supervisors' own page
    (/staff/audit/) pages by keyset and reaches everything."""

    @cached_property
    def count(self):
        query = self.object_list.query
        if connection.vendor == "postgresql" and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                    [AuditEvent._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > COUNT_CAP:
                return row[0]
        return self.object_list.order_by()[: COUNT_CAP + 1].count()


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the trail cannot be edited or deleted through the admin."""

    list_display = (
        "created_at",
        "actor_username",
        "action",
        "case_reference",
        "object_type",
        "object_id",
        "ip_address",
    )
    list_filter = ("action",)
    # Exact (case-insensitive) matches, which the upper-cased indexes serve; no date
    # drill-down, which would group the whole table by day.
    search_fields = ("=actor_username", "=case_reference")
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    ordering = ("-id",)
