"""The coordinator's reply form (staff pages are in English)."""

from django import forms

from .models import MAX_BODY, MessageTemplate


class StaffMessageForm(forms.Form):
    body = forms.CharField(
        label="Message to the family",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the message first."},
    )
    key = forms.UUIDField(widget=forms.HiddenInput)
    template = forms.ModelChoiceField(
        queryset=MessageTemplate.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a reviewed template in the family's language may be named as the start.
        self.fields["template"].queryset = MessageTemplate.objects.filter(
            reviewed=True, language=case.language
        )
