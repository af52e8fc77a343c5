"""Staff forms of practical tasks (staff pages are in English). Field names are the
service's argument names, so a refusal from the service lands next to its field."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError

from core import uploads

from .models import LANGUAGE_CHOICES, CaseTask
from .services import TaskFields

BLANK = [("", "—")]
# The add form sits in the workspace beside other forms: its ids must not collide.
FORM_PREFIX = "task"


TRANSLATION_FIELDS = ("document", "language_from", "language_to", "language_other", "translator")


class _AssigneeChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        profile = getattr(user, "coordinator_profile", None)
        zone = profile.time_zone if profile is not None else ""
        return f"{user.get_username()} ({zone})" if zone else user.get_username()


class TaskForm(forms.Form):
    kind = forms.ChoiceField(choices=CaseTask.Kind.choices)
    title = forms.CharField(max_length=200)
    due_date = forms.DateField(label="Due date", widget=forms.DateInput(attrs={"type": "date"}))
    due_time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.CharField(
        label="Time zone",
        max_length=64,
        required=False,
        help_text="Blank: the assignee's time zone (shown next to their name).",
    )
    assignee = _AssigneeChoice(queryset=None)
    place = forms.CharField(max_length=300, required=False)
    notes = forms.CharField(
        label="Notes (staff only)",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Translation of records only.
    document = forms.ModelChoiceField(label="File to translate", queryset=None, required=False)
    language_from = forms.ChoiceField(
        label="From", choices=BLANK + LANGUAGE_CHOICES, required=False
    )
    language_to = forms.ChoiceField(label="To", choices=BLANK + LANGUAGE_CHOICES, required=False)
    language_other = forms.CharField(label="Other language", max_length=60, required=False)
    translator = forms.CharField(label="Who translates", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["document"].queryset = case.documents.all()

    @property
    def helper(self) -> FormHelper:
        """The translation fields apart, under their own legend ({% crispy form %}); built
        when rendered, after a subclass has removed the fields it does not use."""
        helper = FormHelper()
        helper.form_tag = False
        parts = [n for n in self.fields if n not in TRANSLATION_FIELDS]
        translation = [n for n in TRANSLATION_FIELDS if n in self.fields]
        if translation:
            parts.append(Fieldset("Translation of records only", *translation))
        helper.layout = Layout(*parts)
        return helper

    def task_fields(self) -> TaskFields:
        data = self.cleaned_data
        return TaskFields(
            title=data["title"],
            due_date=data["due_date"],
            due_time=data["due_time"],
            assignee=data["assignee"],
            time_zone=data["time_zone"],
            notes=data["notes"],
            place=data["place"],
            document=data["document"],
            language_from=data["language_from"],
            language_to=data["language_to"],
            language_other=data["language_other"],
            translator=data["translator"],
        )


class TaskEditForm(TaskForm):
    """The kind is chosen once, when the task is added."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class FollowUpForm(TaskForm):
    """On a closed case: a follow-up only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(CaseTask.Kind.FOLLOW_UP, CaseTask.Kind.FOLLOW_UP.label)]
        self.fields["kind"].initial = CaseTask.Kind.FOLLOW_UP
        self.fields["kind"].widget = forms.HiddenInput()
        self.fields["title"].initial = "Follow-up call"
        for name in TRANSLATION_FIELDS:
            del self.fields[name]

    def task_fields(self) -> TaskFields:
        for name in TRANSLATION_FIELDS:
            self.cleaned_data.setdefault(name, None if name == "document" else "")
        return super().task_fields()


class ShareForm(forms.Form):
    family_title = forms.CharField(
        label="Title the family reads",
        max_length=200,
        help_text="In the family's language. The claims gate checks it.",
    )
    family_place = forms.CharField(label="Place the family reads", max_length=300, required=False)
    family_time_zone = forms.CharField(
        label="Family's time zone",
        max_length=64,
        required=False,
        help_text="Blank: the time zone the family gave in their inquiry.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TranslationUploadForm(forms.Form):
    file = forms.FileField(label="Translated file")

    def clean_file(self):
        try:
            return uploads.check_upload(self.cleaned_data["file"])
        except ValidationError as refused:
            raise ValidationError(refused.messages) from refused
