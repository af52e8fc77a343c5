"""The coordinator's referral forms (staff pages, English): field validation only; the
services decide what may be prepared, sent or moved."""

from django import forms

from .services import MAX_RESPONSE_DAYS


def _contact_label(contact) -> str:
    organisation = contact.organisation
    label = f"{organisation} ({organisation.city}, {organisation.country.name}): {contact.name}, "
    label += f"{contact.role}, reads {contact.get_language_display()}"
    if not contact.agreement_in_force:
        label += " [no data-sharing agreement in force]"
    return label


def contact_choices(contacts) -> list:
    """Grouped choices: the partners suggested for the case first."""
    suggested = [(c.pk, _contact_label(c)) for c in contacts if c.suggestion]
    others = [(c.pk, _contact_label(c)) for c in contacts if not c.suggestion]
    groups = [("", "Choose a partner contact")]
    if suggested:
        groups.append(("Suggested for this case (condition area and language)", suggested))
    if others:
        groups.append(("Other partners", others))
    return groups


class ReferralForm(forms.Form):
    contact = forms.TypedChoiceField(label="Send to", coerce=int)
    reports = forms.TypedMultipleChoiceField(
        label="Reports to include",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The case summary for the partner's review is always included.",
    )
    question = forms.CharField(
        label="Referral question",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In your words: what the family hopes the partner will look at.",
    )
    key_findings = forms.CharField(
        label="Key findings",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the partner's reader should see first.",
    )
    cover_note = forms.CharField(
        label="Cover note",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    response_days = forms.IntegerField(
        label="Working days to answer", min_value=1, max_value=MAX_RESPONSE_DAYS, initial=10
    )
    follows = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, contacts=(), reports=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = {c.pk: c for c in contacts}
        self.fields["contact"].choices = contact_choices(contacts)
        self.fields["reports"].choices = [
            (d.pk, f"{d.get_category_display()}: {d.original_name} ({d.uploaded_at:%d %b %Y})")
            for d in reports
        ]
        self.reports = {d.pk: d for d in reports}
        if editing:  # the recipient of a draft is fixed: prepare a new one to change it
            del self.fields["contact"]

    def chosen_contact(self):
        return self.contacts[self.cleaned_data["contact"]]

    def chosen_reports(self) -> list:
        return [self.reports[pk] for pk in self.cleaned_data["reports"]]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=300)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    note = forms.CharField(label="What was sent", max_length=300, required=False)
