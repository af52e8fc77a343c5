"""The partner directory, kept by supervisors in the admin: organisations with their
contacts and trials inline, choice lists instead of raw JSON, search and filters.
Contacts are retired, never deleted; every save is a PARTNER_CHANGED audit event."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import ContactAdminForm, OrganisationAdminForm, TrialAdminForm
from .models import Contact, Organisation, Trial
from .rules import organisation_agreement_in_force


class ContactInline(admin.TabularInline):
    model = Contact
    form = ContactAdminForm
    fields = ("name", "role", "email", "language", "retired_at", "retire")
    readonly_fields = ("retired_at",)
    extra = 1
    can_delete = False  # retired instead: referrals keep naming who they went to


class TrialInline(admin.StackedInline):
    model = Trial
    form = TrialAdminForm
    extra = 0


class AgreementFilter(admin.SimpleListFilter):
    title = _("data-sharing agreement")
    parameter_name = "agreement"

    def lookups(self, request, model_admin):
        return [("yes", _("in force today")), ("no", _("none in force"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        today = timezone.localdate()
        ids = [
            o.pk
            for o in queryset.select_related("parent__parent")
            if organisation_agreement_in_force(o, today) == (self.value() == "yes")
        ]
        return queryset.filter(pk__in=ids)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    inlines = [ContactInline, TrialInline]
    list_display = (
        "name",
        "kind",
        "parent",
        "city",
        "country",
        "languages_shown",
        "agreement_shown",
        "active",
    )
    list_filter = ("kind", "active", AgreementFilter, "takes_relapsed", "country")
    search_fields = (
        "name",
        "city",
        "parent__name",
        "contacts__name",
        "contacts__email",
        "trials__title",
        "trials__registry_id",
    )
    list_select_related = ("parent", "parent__parent")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "country", "city", "active")}),
        (
            _("What they consider"),
            {
                "fields": (
                    "languages",
                    "condition_areas",
                    "conditions",
                    "therapies",
                    "takes_relapsed",
                )
            },
        ),
        (
            _("Data-sharing agreement"),
            {"fields": ("agreement_signed_on", "agreement_expires_on", "agreement_reference")},
        ),
        (None, {"fields": ("notes",)}),
    )

    @admin.display(description=_("languages"))
    def languages_shown(self, obj):
        return ", ".join(obj.languages)

    @admin.display(description=_("agreement in force"), boolean=True)
    def agreement_shown(self, obj):
        return organisation_agreement_in_force(obj, timezone.localdate())

    def has_delete_permission(self, request, obj=None):
        return False  # referrals point at it: mark it inactive instead

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        detail = ("changed: " + ", ".join(form.changed_data)) if change else "created"
        services.partner_changed(organisation=obj, by=request.user, detail=detail)

    def save_formset(self, request, form, formset, change):
        retiring = []
        if formset.model is Contact:
            retiring = [
                f.instance
                for f in formset.forms
                if f.instance.pk and f.cleaned_data.get("retire") and f.instance.is_active
            ]
        instances = formset.save()
        for contact in retiring:
            services.contact_retire(contact=contact, by=request.user)
        touched = len(instances) + len(formset.deleted_objects)
        if touched:
            services.partner_changed(
                organisation=form.instance,
                by=request.user,
                detail=f"{formset.model._meta.verbose_name_plural}: {touched} saved",
            )


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "organisation", "email", "language", "retired_at")
    list_filter = ("language", ("retired_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "email", "organisation__name")
    list_select_related = ("organisation", "organisation__parent")
    readonly_fields = ("retired_at",)
    fields = ("organisation", "name", "role", "email", "language", "retired_at")
    autocomplete_fields = ("organisation",)
    actions = ["retire"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retire the selected contacts"))
    def retire(self, request, queryset):
        retired = sum(
            services.contact_retire(contact=contact, by=request.user) for contact in queryset
        )
        self.message_user(
            request, _("%(n)d contact(s) retired.") % {"n": retired}, messages.SUCCESS
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        detail = f"contact {obj.pk} " + (
            ("changed: " + ", ".join(form.changed_data)) if change else "added"
        )
        services.partner_changed(organisation=obj.organisation, by=request.user, detail=detail)
