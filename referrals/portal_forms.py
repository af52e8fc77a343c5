"""The partner's forms on the review portal: the one-time code and the structured answer.
Their words are family-facing in the sense that a partner reads them in their own language:
this module and templates/referrals/portal/ are translated (makemessages.FAMILY_FACING)."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ReferralResponse

K = ReferralResponse.Kind
# The answers a partner can give, in the order the form offers them (labels here so they
# are translated with the portal).
ANSWER_CHOICES = [
    (K.MORE_INFORMATION, _("More information needed")),
    (K.WILL_REVIEW, _("We will review the case")),
    (K.SCREENING_OFFERED, _("Screening consultation offered")),
    (K.NOT_SUITABLE, _("Not suitable at this time")),
    (K.UNABLE_TO_REVIEW, _("Unable to review")),
]
ANSWER_LABELS = dict(ANSWER_CHOICES)

# Why a letter was refused (referrals.portal.letter_check says it; worded here, translated).
LETTER_NOT_PDF = _("The letter must be a PDF file.")
LETTER_UNSCANNED = _(
    "We could not check this file for viruses just now. Please try again in a few minutes, "
    "or send your answer without the letter."
)
LETTER_INFECTED = _("This file did not pass our virus check, so we cannot accept it.")


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("One-time code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "invalid": _("Enter the six digits from the e-mail."),
            "required": _("Enter the six digits from the e-mail."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Your answer"),
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
    )
    requested_records = forms.CharField(
        label=_("Records or tests you need"),
        help_text=_("Required when you need more information."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    offered_on = forms.DateField(
        label=_("Proposed date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    message = forms.CharField(
        label=_("Message to the coordinator"),
        help_text=_("Your words are kept exactly as you write them."),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    letter = forms.FileField(
        label=_("Letter (PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    responder_name = forms.CharField(label=_("Your name"), max_length=200)
    # Made when the form is shown: the same form sent twice is one answer.
    idempotency_key = forms.RegexField(
        regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput, max_length=32
    )

    def __init__(self, *args, responder_name: str = "", **kwargs):
        kwargs.setdefault(
            "initial", {"idempotency_key": uuid.uuid4().hex, "responder_name": responder_name}
        )
        super().__init__(*args, **kwargs)

    def clean_offered_on(self):
        # A proposed date is passed on to the family as written: one already past is a slip,
        # so it is caught here, with everything else the partner typed kept on the page.
        offered_on = self.cleaned_data.get("offered_on")
        if offered_on and offered_on < timezone.localdate():
            raise forms.ValidationError(
                _("The proposed date is in the past. Please check it."), code="past"
            )
        return offered_on

    def clean(self):
        data = super().clean()
        if data.get("kind") == K.MORE_INFORMATION and not data.get("requested_records", "").strip():
            self.add_error("requested_records", _("Say which records or tests you need."))
        return data
