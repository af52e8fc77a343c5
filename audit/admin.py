"""The audit trail in the admin, read-only: it cannot be edited or deleted here (and, on
PostgreSQL, a trigger refuses UPDATE and DELETE whoever asks)."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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
    search_fields = ("actor_username", "case_reference")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
