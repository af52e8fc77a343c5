"""Admin for supervisors: coordinator profiles, routing rules and holidays. Cases
themselves are worked in the workspace, not here."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from accounts import roles

from .models import CoordinatorProfile, Holiday, OnCallShift, RoutingRule
from .profile_forms import CoordinatorProfileForm


@admin.register(CoordinatorProfile)
class CoordinatorProfileAdmin(admin.ModelAdmin):
    form = CoordinatorProfileForm
    list_display = ("user", "language_list", "area_list", "capacity", "away_from", "away_until")
    search_fields = ("user__username",)
    actions = ["release_cases"]

    @admin.display(description=_("languages"))
    def language_list(self, profile):
        return ", ".join(profile.languages)

    @admin.display(description=_("condition areas"))
    def area_list(self, profile):
        return ", ".join(profile.condition_areas)

    @admin.action(description=_("Move their open cases back through routing"))
    def release_cases(self, request, queryset):
        # Moving cases needs a look first: send the supervisor to the confirmation page.
        if queryset.count() != 1:
            self.message_user(request, _("Choose one coordinator at a time."), messages.WARNING)
            return None
        return redirect("cases:team_release", user_id=queryset.get().user_id)


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


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    list_display = ("coordinator", "starts_at", "ends_at")
    list_filter = ("coordinator",)
    date_hierarchy = "starts_at"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "coordinator":
            kwargs["queryset"] = roles.coordinators().filter(is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
