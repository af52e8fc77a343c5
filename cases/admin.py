"""Admin for supervisors: coordinator profiles, routing rules, holidays, and a read-only
audit trail. Cases themselves are worked in the workspace, not here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import assignment
from .models import AuditEvent, CoordinatorProfile, Holiday, RoutingRule


@admin.register(CoordinatorProfile)
class CoordinatorProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "languages", "condition_areas", "capacity", "away_from", "away_until")
    search_fields = ("user__username",)
    actions = ["release_cases"]

    @admin.action(description=_("Move their open cases back through routing"))
    def release_cases(self, request, queryset):
        moved = sum(
            assignment.coordinator_release_cases(coordinator=profile.user, by=request.user)
            for profile in queryset.select_related("user")
        )
        self.message_user(
            request, _("%(n)d case(s) routed again.") % {"n": moved}, messages.SUCCESS
        )


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = (
        "order",
        "name",
        "enabled",
        "condition",
        "condition_area",
        "country",
        "language",
        "coordinator",
    )
    list_display_links = ("name",)
    list_editable = ("order", "enabled")
    list_filter = ("enabled",)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("day", "name", "coordinator")
    list_filter = ("coordinator",)
    date_hierarchy = "day"


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
