from django.contrib import admin

from .models import RecordsRequest, RequestedItem


class RequestedItemInline(admin.TabularInline):
    model = RequestedItem
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "other_text", "status", "document", "marked_by", "resolved_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RecordsRequest)
class RecordsRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are made and answered in the case workspace (audited there)."""

    list_display = ["case", "due_on", "created_by", "created_at", "closed_at", "reminded_at"]
    list_filter = ["closed_at"]
    inlines = [RequestedItemInline]
    readonly_fields = [
        "case",
        "created_by",
        "note",
        "due_on",
        "from_response",
        "created_at",
        "closed_at",
        "reminded_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
