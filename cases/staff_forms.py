"""Forms in the case workspace. Each carries the case version it was loaded with, so a
change made meanwhile by someone else is caught instead of overwritten."""

from datetime import timedelta

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workflow
from .assignment import coordinators_for_choice
from .models import Case, ContactLog, SavedView


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StatusForm(VersionedForm):
    to = forms.ChoiceField(label=_("New status"))
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", "—"), *Case.CloseReason.choices],
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = workflow.allowed_next(case.status, case.status_before_hold)
        self.fields["to"].choices = [(s, Case.Status(s).label) for s in allowed]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to") == Case.Status.CLOSED and not cleaned.get("close_reason"):
            self.add_error("close_reason", _("Choose a reason for closing the case."))
        return cleaned


SHARE_HELP = _(
    "Shown on the family's status page and in hospital summaries. The claims gate checks "
    "it first: a clear eligibility or outcome claim is refused, and text it is unsure about "
    "waits for a supervisor's review before the family sees it."
)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    shareable = forms.BooleanField(
        label=_("Share with the family"), required=False, help_text=SHARE_HELP
    )


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("How"), choices=ContactLog.Channel.choices)
    happened_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    shareable = forms.BooleanField(
        label=_("Share this summary with the family"), required=False, help_text=SHARE_HELP
    )

    def clean_happened_at(self):
        when = self.cleaned_data["happened_at"]
        if when > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("A contact cannot be logged in the future."))
        return when


class ReassignForm(VersionedForm):
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=None)
    reason = forms.CharField(
        label=_("Reason for reassigning"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the timeline and the audit trail; both coordinators are told."),
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Say why the case is reassigned."))
        return reason

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators_for_choice()


class ReviewDecisionForm(forms.Form):
    """Approve or reject held text: the reason is required and goes to the audit trail."""

    reason = forms.CharField(
        label=_("Reason for your decision"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with your name in the case timeline and the audit trail."),
    )


class ReviewEditForm(forms.Form):
    """A supervisor's rewording of held text; the claims gate judges it again."""

    text = forms.CharField(label=_("Text to share"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(
        label=_("Reason for the edit"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = max_length
        self.fields["text"].validators.append(MaxLengthValidator(max_length))
        self.fields["text"].widget.attrs["maxlength"] = str(max_length)


class SavedViewForm(forms.ModelForm):
    class Meta:
        model = SavedView
        fields = ["name", "shared"]
