"""The family's forms on their status page: a message (with files) and how they hear
about news. Every word here is translated (a family-facing folder)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import uploads

from ..models import MAX_BODY


class _Files(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Optional files, each through the status page's upload checks (core.uploads); every
    refused file is named with its reason."""

    widget = _Files

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(uploads.check_upload(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked


class FamilyMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Please write your message."),
            "max_length": _(
                "Please shorten your message to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )
    attachments = AttachmentsField(
        label=_("Attach files (optional)"),
        required=False,
        help_text=_(
            "PDF, JPEG, PNG, TIFF or DICOM; up to 25 MB each, 20 files and 200 MB in all. "
            "You can choose several files at once."
        ),
    )
    # Made when the page is drawn: the same form sent twice makes one message.
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class NoticesForm(forms.Form):
    notices = forms.ChoiceField(
        label=_("When something changes on your case"),
        choices=[
            ("email", _("E-mail me when there is news")),
            ("none", _("No e-mails")),
        ],
        widget=forms.RadioSelect,
    )
