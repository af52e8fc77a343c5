"""Message templates are kept here. A template is offered to coordinators only once
someone ticked "reviewed"; whoever ticks it is recorded, and changing the words of a
reviewed template takes the review away until someone reviews it again."""

from django.contrib import admin
from django.utils.html import format_html, linebreaks

from . import services
from .models import MessageTemplate
from .placeholders import SAMPLE_VALUES, PlaceholderError, fill


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "reviewed", "reviewed_by", "updated_at")
    list_filter = ("language", "reviewed")
    search_fields = ("name", "body")
    fields = ("name", "language", "body", "preview", "reviewed", "reviewed_by", "reviewed_at")
    readonly_fields = ("preview", "reviewed_by", "reviewed_at")

    @admin.display(description="Preview (with sample values)")
    def preview(self, template: MessageTemplate) -> str:
        if not template.body:
            return "Save to see the preview."
        try:
            return format_html("<div>{}</div>", linebreaks(fill(template.body, SAMPLE_VALUES)))
        except PlaceholderError as error:
            return str(error)

    def save_model(self, request, obj, form, change):
        services.message_template_save(
            template=obj, by=request.user, changed=set(form.changed_data)
        )
