"""The coordinators' forms: a records request from the checklist, and a file that arrived
by another route. Validation only; the services do the work."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Document, ReportCategory
from core import uploads

from .models import NOTE_MAX_CHARS, OTHER_TEXT_MAX_CHARS, RequestedItem

ACCEPT = ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.dcm,application/pdf,image/jpeg,image/png,image/tiff"


class RecordsRequestForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Records to ask for",
        choices=RequestedItem.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one record to ask for."},
    )
    other_text = forms.CharField(
        label='If "other": which record',
        required=False,
        max_length=OTHER_TEXT_MAX_CHARS,
        help_text="The family reads this in your words: write it in their language.",
    )
    note = forms.CharField(
        label="Note to the family (optional)",
        required=False,
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Shown with the checklist on the family's status page. The claims gate checks "
            "it: describe the navigation work, never a decision."
        ),
    )
    due_on = forms.DateField(
        label="Due by", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise ValidationError("The due date is in the past; choose today or a later day.")
        return due_on

    def clean(self):
        cleaned = super().clean()
        if (
            RequestedItem.Kind.OTHER in (cleaned.get("kinds") or [])
            and not cleaned.get("other_text", "").strip()
        ):
            self.add_error("other_text", 'Say what the "other" record is.')
        return cleaned

    @staticmethod
    def default_due_on():
        return timezone.localdate() + timedelta(days=14)


class CheckedFileField(forms.FileField):
    """One file, through every upload check (core.uploads)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return uploads.check_upload(upload) if upload else upload


class StaffDocumentForm(forms.Form):
    file = CheckedFileField(
        label="File",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=f"{uploads.ACCEPTED_DESCRIPTION}; the same checks and scan as the family's.",
    )
    category = forms.ChoiceField(label="What is it?", choices=ReportCategory.choices)
    route = forms.ChoiceField(label="How it reached us", choices=Document.Route.choices)
    item = forms.ModelChoiceField(
        label="Answers a requested item (optional)",
        queryset=RequestedItem.objects.none(),
        required=False,
        empty_label="— none —",
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.label} (requested {item.request.created_at:%d %b %Y}, "
            f"due {item.request.due_on:%d %b %Y})"
        )
