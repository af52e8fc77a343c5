"""The coordinators' side of referrals: the partner directory, and the referral section of
the case workspace (prepare, edit, packet, send, cancel, resume, approve wording, follow
up). Thin views over referrals.services; only cases the user may see, the rest 404."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import case_worker_required
from audit.services import find_on_case_or_404
from cases.selectors import case_for_staff_or_404
from core.conditions import CONDITION_LABELS
from core.errors import ApplicationError
from partners.forms import DirectoryFilterForm
from partners.selectors import DirectoryFilters, agreement_states, partner_directory

from . import packet, selectors, services
from .models import Referral
from .staff_forms import NoteForm, ReasonForm, ReferralForm


def _referral_or_404(case, pk: int) -> Referral:
    return find_on_case_or_404(
        case.referrals.select_related("organisation", "case"),
        case_reference=case.reference,
        object_type="referral",
        pk=pk,
    )


def _back(case, referral=None, *, page: bool = False):
    """To the referral in the workspace, or on the case's referrals page (back=page)."""
    anchor = f"#referral-{referral.pk}" if referral is not None else "#referrals-title"
    where = f"{case.get_absolute_url()}referrals/" if page else case.get_absolute_url()
    return redirect(where + anchor)


def _version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@case_worker_required
def directory(request):
    """The partner directory with filters; opened from a case (?case=<reference>), the
    partners suited to that case come first and each contact can be referred to."""
    case = None
    if request.GET.get("case"):
        case = case_for_staff_or_404(user=request.user, reference=request.GET["case"][:40])
    form = DirectoryFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    filters = form.filters() if form.is_bound else DirectoryFilters()
    organisations = list(
        partner_directory(
            filters=filters,
            suggest_area=case.condition_area if case else "",
            suggest_language=case.language if case else "",
        )[:200]
    )
    agreements = agreement_states(organisations)
    languages = dict(settings.LANGUAGES)
    for organisation in organisations:
        organisation.agreement_in_force = agreements[organisation.pk]
        organisation.language_names = [languages.get(c, c) for c in organisation.languages]
        organisation.condition_names = [
            str(CONDITION_LABELS.get(c, c)) for c in organisation.conditions
        ]
    return render(
        request,
        "referrals/staff/directory.html",
        {"form": form, "case": case, "organisations": organisations},
    )


@case_worker_required
def referrals_page(request, reference: str):
    """Every referral of the case side by side, with each partner answer."""
    case = case_for_staff_or_404(user=request.user, reference=reference)
    return render(
        request,
        "referrals/staff/referrals.html",
        {"case": case, "panel": selectors.workspace_panel(case, request.user)},
    )


def _form_page(request, case, form, *, referral=None, follows=None, status=200):
    # The case's referrals and their answers stay in view (a follow-up above all needs them).
    earlier = [
        card
        for card in selectors.referral_cards(case=case, user=request.user)
        if referral is None or card.referral.pk != referral.pk
    ]
    return render(
        request,
        "referrals/staff/form.html",
        {
            "case": case,
            "form": form,
            "referral": referral,
            "follows": follows,
            "earlier_cards": earlier,
        },
        status=status,
    )


@case_worker_required
def referral_new(request, reference: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    contacts = selectors.referral_choices(case=case)
    reports = selectors.reports_for_referral(case=case)
    follows_id = _version(request.POST.get("follows") or request.GET.get("follows"))
    follows = _referral_or_404(case, follows_id) if follows_id else None
    if request.method == "POST":
        form = ReferralForm(request.POST, contacts=contacts, reports=reports)
        if form.is_valid():
            try:
                referral = services.referral_prepare(
                    case=case,
                    by=request.user,
                    contact=form.chosen_contact(),
                    question=form.cleaned_data["question"],
                    key_findings=form.cleaned_data["key_findings"],
                    cover_note=form.cleaned_data["cover_note"],
                    reports=form.chosen_reports(),
                    response_days=form.cleaned_data["response_days"],
                    follows=follows,
                )
            except ApplicationError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"Draft referral to {referral.organisation} prepared.")
                return _back(case, referral)
        return _form_page(request, case, form, follows=follows, status=400)
    initial = {"follows": follows.pk if follows else None}
    contact_id = _version(request.GET.get("contact"))
    if contact_id in {c.pk for c in contacts}:
        initial["contact"] = contact_id
    if follows is not None:
        initial.update(
            question=follows.question,
            key_findings=follows.key_findings,
            reports=list(follows.reports.values_list("pk", flat=True)),
            response_days=follows.response_days,
        )
    form = ReferralForm(initial=initial, contacts=contacts, reports=reports)
    return _form_page(request, case, form, follows=follows)


@case_worker_required
def referral_edit(request, reference: str, pk: int):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    referral = _referral_or_404(case, pk)
    reports = selectors.reports_for_referral(case=case)
    if request.method == "POST":
        form = ReferralForm(request.POST, reports=reports, editing=True)
        if form.is_valid():
            try:
                services.referral_update(
                    referral=referral,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    question=form.cleaned_data["question"],
                    key_findings=form.cleaned_data["key_findings"],
                    cover_note=form.cleaned_data["cover_note"],
                    reports=form.chosen_reports(),
                    response_days=form.cleaned_data["response_days"],
                )
            except ApplicationError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Draft referral saved.")
                return _back(case, referral)
        return _form_page(request, case, form, referral=referral, status=400)
    form = ReferralForm(
        initial={
            "question": referral.question,
            "key_findings": referral.key_findings,
            "cover_note": referral.cover_note,
            "reports": list(referral.reports.values_list("pk", flat=True)),
            "response_days": referral.response_days,
            "version": referral.version,
        },
        reports=reports,
        editing=True,
    )
    return _form_page(request, case, form, referral=referral)


def _packet(request, referral):
    packet.request_packet(referral=referral, by=request.user)
    return "The packet for the partner is being prepared."


def _send(request, referral):
    referral = services.referral_send(
        referral=referral, by=request.user, expected_version=_version(request.POST.get("version"))
    )
    return f"Sent to {referral.contact_name} at {referral.organisation}; answer due by " + (
        f"{referral.response_due_on:%d %b %Y}."
    )


def _cancel(request, referral):
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")[:300]
    services.referral_cancel(referral=referral, by=request.user, reason=reason)
    return "Referral withdrawn."


def _resume(request, referral):
    form = NoteForm(request.POST)
    sendable = {d.pk: d for d in selectors.reports_for_referral(case=referral.case)}
    ticked = [_version(value) for value in request.POST.getlist("reports")]
    chosen = [sendable[pk] for pk in ticked if pk in sendable]
    services.referral_resume(
        referral=referral, by=request.user, note=form.data.get("note", "")[:300], reports=chosen
    )
    if chosen:
        return (
            f"{len(chosen)} record(s) added to the referral and {referral.contact_email} "
            "e-mailed: the partner's review continues."
        )
    return "Marked as information sent: the partner's review continues."


def _approve(request, referral):
    services.referral_approve_wording(
        referral=referral, by=request.user, reason=request.POST.get("reason", "")[:300]
    )
    return "Flagged wording approved as written."


ACTIONS = {
    "packet": _packet,
    "send": _send,
    "cancel": _cancel,
    "resume": _resume,
    "approve": _approve,
}


@case_worker_required
@require_POST
def referral_action(request, reference: str, pk: int, action: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    referral = _referral_or_404(case, pk)
    handler = ACTIONS.get(action)
    page = request.POST.get("back") == "page"
    if handler is None:
        return _back(case, referral, page=page)
    try:
        messages.success(request, handler(request, referral))
    except ApplicationError as refused:
        messages.error(request, str(refused))
    return _back(case, referral, page=page)
