"""The public inquiry: a named-URL formtools wizard whose steps live in a draft row."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlWizardView

from cases.models import Case, ConsentRecord, ReportCategory, Submitter
from cases.services import Intake
from core.ratelimits import limit, limit_class
from desk.selectors import out_of_hours_for_family

from .. import drafts, services
from ..forms import (
    CONSENT_TEXT_VERSION,
    AboutYouForm,
    DiagnosisForm,
    HelpForm,
    PatientForm,
    ReportsUploadForm,
    ResumeEmailForm,
    ReviewForm,
    TreatmentFormSet,
)
from ..wizard_storage import SESSION_KEY
from .common import adopt_language, body_too_large, display_value, error_summary, too_large_message

STEPS = [
    ("about", AboutYouForm, gettext_lazy("About you")),
    ("patient", PatientForm, gettext_lazy("The patient")),
    ("diagnosis", DiagnosisForm, gettext_lazy("Diagnosis")),
    ("treatment", TreatmentFormSet, gettext_lazy("Treatment so far")),
    ("reports", ReportsUploadForm, gettext_lazy("Medical reports")),
    ("help", HelpForm, gettext_lazy("How we can help")),
    ("review", ReviewForm, gettext_lazy("Check and send")),
]
STEP_TITLES = {name: title for name, _form, title in STEPS}
SUBMITTED_KEY = "inquiry_submitted"
# What the reports step stores: the files themselves live in DraftUpload rows.
REPORTS_SEEN = {"reports-seen": ["1"]}


@method_decorator(never_cache, name="dispatch")
@limit_class("inquiry")
class InquiryWizard(NamedUrlWizardView):
    form_list = [(name, form) for name, form, _title in STEPS]
    storage_name = "intake.wizard_storage.DraftStorage"
    url_name = "intake:inquiry_step"
    done_step_name = "send"
    # Uploads never go through formtools' file storage (see process_step_files); they
    # are checked and kept as DraftUpload rows in private storage.
    file_storage = None

    def get_template_names(self):
        return [f"intake/inquiry/step_{self.steps.current}.html", "intake/inquiry/step.html"]

    def get_form_initial(self, step):
        if step == "about":
            # Families usually want to be answered in the language they are reading.
            return {"preferred_language": translation.get_language()}
        if step == "patient":
            about = self.get_cleaned_data_for_step("about")
            if about and about["role"] == Submitter.Role.PATIENT:
                return {"full_name": about["full_name"], "country_of_residence": about["country"]}
        return super().get_form_initial(step)

    def get_form_kwargs(self, step=None):
        if step == "diagnosis":
            patient = self.get_cleaned_data_for_step("patient") or {}
            return {"date_of_birth": patient.get("date_of_birth")}
        return {}

    # --- POST: Next, Back, "save for later" and the reports step's uploads -----------

    def post(self, *args, **kwargs):
        already = self._redirect_if_already_submitted()
        if already is not None:
            return already
        if body_too_large(self.request):
            # Answer from the declared length alone; the body is never read.
            if kwargs.get("step") != "reports":
                return render(self.request, "413.html", status=413)
            self.storage.current_step = "reports"
            form = self.get_form(data=REPORTS_SEEN, files=None)
            form.is_valid()
            form.add_error("files", too_large_message())
            return self.render(form)

        self._follow_posted_step()
        goto = self.request.POST.get("wizard_goto_step")
        if goto not in self.get_form_list():
            goto = None
        save_for_later = "save_for_later" in self.request.POST

        if self.steps.current == "reports":
            return self._post_reports(goto=goto, save_for_later=save_for_later)
        if goto or save_for_later:
            # Leaving a step without finishing it keeps what was typed, unvalidated.
            self.storage.set_step_data(self.steps.current, self._raw_step_data())
            if save_for_later:
                return redirect("intake:inquiry_save")
            return self.render_goto_step(goto)
        return super().post(*args, **kwargs)

    def _post_reports(self, *, goto, save_for_later):
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        if not form.is_valid():
            return self.render(form)
        draft = self.storage.ensure_draft()
        if form.cleaned_data["files"]:
            try:
                drafts.draft_attach_uploads(
                    draft=draft,
                    checked=form.cleaned_data["files"],
                    category=form.cleaned_data["category"],
                )
            except ValidationError as refused:  # the case's file limits
                form.add_error("files", refused)
                return self.render(form)
        drafts.draft_update_uploads(
            draft=draft, categories=self._posted_categories(), remove=self._posted_removals()
        )
        self.storage.set_step_data("reports", REPORTS_SEEN)
        if save_for_later:
            return redirect("intake:inquiry_save")
        if goto:
            return self.render_goto_step(goto)
        if "attach" in self.request.POST or self.request.POST.get("remove_upload"):
            return redirect(self.get_step_url("reports"))
        return self.render_next_step(form)

    def _posted_categories(self) -> dict[int, str]:
        valid = set(ReportCategory.values)
        categories = {}
        for key, value in self.request.POST.items():
            if key.startswith("upload-category-") and value in valid:
                upload_id = key.removeprefix("upload-category-")
                if upload_id.isdigit():
                    categories[int(upload_id)] = value
        return categories

    def _posted_removals(self) -> set[int]:
        value = self.request.POST.get("remove_upload", "")
        return {int(value)} if value.isdigit() else set()

    def _follow_posted_step(self) -> None:
        # As formtools does: a form posted from another tab names its own step.
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if management.is_valid():
            step = management.cleaned_data["current_step"]
            if step in self.get_form_list():
                self.storage.current_step = step

    def _raw_step_data(self) -> dict:
        skip = {"csrfmiddlewaretoken", "wizard_goto_step", "save_for_later"}
        return {
            key: values
            for key, values in self.request.POST.lists()
            if key not in skip and not key.startswith(self.prefix)
        }

    def _redirect_if_already_submitted(self):
        """A second click on "Send" after the first went through shows the same case."""
        submitted = self.request.session.get(SUBMITTED_KEY)
        posted = self.request.POST.get("inquiry_draft")
        if self.storage.draft is None and submitted and posted == submitted.get("draft"):
            return redirect("intake:inquiry_submitted")
        return None

    def process_step_files(self, form):
        return {}  # uploads are staged as DraftUpload rows, not in wizard storage

    def process_step(self, form):
        if self.steps.current == "reports":
            return REPORTS_SEEN
        return super().process_step(form)

    # --- Rendering -------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        index = self.steps.index
        context.update(
            step_title=STEP_TITLES[current],
            progress=[
                {
                    "name": name,
                    "title": title,
                    "number": number,
                    "state": "done"
                    if number - 1 < index
                    else ("current" if number - 1 == index else "todo"),
                }
                for number, (name, _form, title) in enumerate(STEPS, start=1)
            ],
            error_summary=error_summary(form) if form.is_bound else [],
            draft=self.storage.draft,
        )
        if current == "reports":
            context["staged_uploads"] = (
                list(self.storage.draft.uploads.all()) if self.storage.draft else []
            )
            context["report_categories"] = ReportCategory.choices
        if current == "treatment":
            context["empty_row"] = form.empty_form
        if current == "review":
            context["sections"] = self._review_sections()
            context["all_complete"] = all(s["complete"] for s in context["sections"])
        return context

    def _review_sections(self) -> list[dict]:
        sections = []
        for name, _form, title in STEPS:
            if name == "review":
                continue
            data = self.storage.get_step_data(name)
            form = self.get_form(step=name, data=data, files=None)
            complete = data is not None and form.is_valid()
            section = {"step": name, "title": title, "complete": complete, "rows": []}
            if complete and name == "treatment":
                section["tables"] = [
                    [
                        (
                            row.fields[key].label,
                            display_value(row.fields[key], row.cleaned_data.get(key)),
                        )
                        for key in row.fields
                        if key != "DELETE"
                    ]
                    for row in form.forms
                    if row.cleaned_data and not row.cleaned_data.get("DELETE")
                ]
            elif complete and name == "reports":
                section["uploads"] = (
                    list(self.storage.draft.uploads.all()) if self.storage.draft else []
                )
            elif complete:
                section["rows"] = [
                    (field.label, display_value(field, form.cleaned_data.get(key)))
                    for key, field in form.fields.items()
                ]
            sections.append(section)
        return sections

    # --- Done ------------------------------------------------------------------------

    def done(self, form_list, form_dict=None, **kwargs):
        about = form_dict["about"].cleaned_data
        diagnosis = dict(form_dict["diagnosis"].cleaned_data)
        help_data = form_dict["help"].cleaned_data
        intake = Intake(
            submitter={
                key: about[key]
                for key in (
                    "role",
                    "full_name",
                    "email",
                    "phone",
                    "country",
                    "preferred_language",
                    "contact_method",
                    "time_zone",
                )
            },
            patient=dict(form_dict["patient"].cleaned_data),
            urgency=diagnosis.pop("urgency"),
            diagnosis=diagnosis,
            treatments=[
                {key: value for key, value in row.items() if key != "DELETE"}
                for row in form_dict["treatment"].treatments()
            ],
            help_topics=help_data["help_topics"],
            help_details=help_data["help_details"],
            consents=[
                ConsentRecord.Kind.DATA_PROCESSING,
                ConsentRecord.Kind.NO_GUARANTEE,
            ],
            consent_text_version=CONSENT_TEXT_VERSION,
        )
        draft = self.storage.ensure_draft()
        case = services.inquiry_submit(draft=draft, intake=intake)
        self.storage.forget_draft()
        self.request.session[SUBMITTED_KEY] = {
            "reference": case.reference,
            "draft": str(draft.pk),
            "email": about["email"],
        }
        return redirect("intake:inquiry_submitted")


@never_cache
def inquiry_start(request):
    return render(
        request,
        "intake/inquiry/start.html",
        {
            "has_draft": bool(drafts.draft_active(request.session.get(SESSION_KEY))),
            "learn_url": reverse("content:index"),
        },
    )


@never_cache
def inquiry_submitted(request):
    submitted = request.session.get(SUBMITTED_KEY)
    if not submitted:
        return redirect("intake:inquiry")
    case = Case.objects.select_related("submitter").filter(reference=submitted["reference"]).first()
    return render(
        request,
        "intake/inquiry/submitted.html",
        {"submitted": submitted, **(out_of_hours_for_family(case=case) if case else {})},
    )


@never_cache
@limit("resume_link")
def inquiry_save(request):
    """Ask for the address to send a resume link to, then send it."""
    draft = drafts.draft_active(request.session.get(SESSION_KEY))
    if draft is None:
        messages.info(request, _("There is nothing to save yet. Start with the first step."))
        return redirect("intake:inquiry")
    about = draft.data.get("step_data", {}).get("about", {})
    if request.method == "POST":
        form = ResumeEmailForm(request.POST)
        if form.is_valid():
            drafts.draft_request_resume_link(draft=draft, email=form.cleaned_data["email"])
            return render(
                request,
                "intake/inquiry/save_sent.html",
                {"email": form.cleaned_data["email"], "expires_at": draft.expires_at},
            )
    else:
        form = ResumeEmailForm(initial={"email": (about.get("about-email") or [""])[0]})
    return render(request, "intake/inquiry/save.html", {"form": form, "draft": draft})


@never_cache
def inquiry_resume(request, token: str):
    draft = drafts.draft_resume(raw_token=token)
    if draft is None:
        raise Http404
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(draft.pk)
    step = (draft.data or {}).get("step") or STEPS[0][0]
    language = _draft_language(request, draft)
    with translation.override(language):
        messages.success(request, _("Welcome back. Your answers so far are below."))
    return adopt_language(request, redirect("intake:inquiry_step", step=step), language)


def _draft_language(request, draft) -> str:
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return translation.get_language()
    return draft.language or translation.get_language()
