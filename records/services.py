"""Writes of records requests: asking the family for records from a checklist, each item
answered (by the family's upload, a file staff added, or marked by the coordinator), the
case's status following the checklist, and the one reminder after the due date.

Every change is a timeline line and, for what staff did, an audit event. The family hears
through cases.family_notices (no health data: never an item's name)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from audit.models import AuditEvent
from cases import workflow
from cases.casework import case_change_status
from cases.family_notices import family_notice
from cases.models import Case, CoordinatorAlert, Document, FamilyNotice, TimelineEvent
from cases.services import case_add_family_documents, case_add_staff_documents
from cases.timeline import case_event
from claims import gate
from core import uploads
from core.errors import ApplicationError
from referrals.models import ReferralResponse

from . import rules
from .family import words
from .models import RecordsRequest, RequestedItem

ItemStatus = RequestedItem.Status


class RecordsRefusedError(ApplicationError):
    pass


class NoteRefusedError(RecordsRefusedError):
    """The claims gate would not pass the coordinator's words; nothing was saved."""

    def __init__(self, verdict: gate.Verdict):
        self.verdict = verdict
        flagged = verdict.summary() or "the claims gate could not judge this text"
        super().__init__(
            "The family reads this note, and the claims gate did not pass it: "
            f"{flagged}. Please rephrase it as navigation work; only the hospital decides."
        )


def _english(item: RequestedItem) -> str:
    with translation.override("en"):
        return item.label


def _gate(text: str, *, case: Case) -> None:
    if not text.strip():
        return
    verdict = gate.check(text, channel=gate.Channel.SHARED_NOTE, language=case.language)
    if not verdict.passed:
        raise NoteRefusedError(verdict)


def partner_quote(response: ReferralResponse) -> str:
    """The note a partner's "more information needed" answer starts a request with: their
    words, attributed."""
    words = " ".join(
        part.strip() for part in (response.requested_records, response.message) if part.strip()
    )
    return f'{response.referral.organisation.name} asked: "{words}"'


@transaction.atomic
def records_request_create(
    *,
    case: Case,
    by,
    kinds: list[str],
    due_on: date,
    note: str = "",
    other_text: str = "",
    from_response: ReferralResponse | None = None,
) -> RecordsRequest:
    """Ask the family for the ticked records by `due_on`. The note and an "other" item's
    words pass the claims gate (the family reads them). The case moves to "Records
    requested" when its workflow allows."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    kinds = list(dict.fromkeys(kinds))
    note, other_text = note.strip(), other_text.strip()
    if not case.is_open:
        raise RecordsRefusedError("This case is closed, so no records can be requested.")
    if not kinds or any(kind not in RequestedItem.Kind.values for kind in kinds):
        raise RecordsRefusedError("Tick at least one record to ask for.")
    if RequestedItem.Kind.OTHER in kinds and not other_text:
        raise RecordsRefusedError('Say what the "other" record is.')
    if due_on < timezone.localdate():
        raise RecordsRefusedError("The due date is in the past; choose today or a later day.")
    if from_response is not None and (
        from_response.referral.case_id != case.pk
        or from_response.kind != ReferralResponse.Kind.MORE_INFORMATION
    ):
        raise RecordsRefusedError("That partner answer is not a request for more information.")
    _gate(note, case=case)
    _gate(other_text, case=case)
    request = RecordsRequest(
        case=case, created_by=by, note=note, due_on=due_on, from_response=from_response
    )
    request.full_clean(exclude=["case", "created_by", "from_response"])
    request.save()
    items = [
        RequestedItem(
            request=request,
            kind=kind,
            other_text=other_text if kind == RequestedItem.Kind.OTHER else "",
        )
        for kind in kinds
    ]
    for item in items:
        item.full_clean(exclude=["request"])
    RequestedItem.objects.bulk_create(items)
    source = f" (from {from_response.referral.organisation.name}'s answer)" if from_response else ""
    case_event(
        case,
        TimelineEvent.Kind.RECORDS,
        f"Records requested from the family{source}, due {due_on:%d %b %Y}: "
        + ", ".join(_english(item) for item in items)
        + ".",
        actor=by,
        audit=AuditEvent.Action.RECORDS_REQUESTED,
        object_type="records_request",
        object_id=request.pk,
        detail=f"{len(items)} item(s)",
    )
    family_notice(case=case, event=FamilyNotice.Event.RECORDS_REQUESTED)
    _follow(case, to=Case.Status.RECORDS_REQUESTED, by=by, why="records were requested")
    return request


def _follow(case: Case, *, to: str, by, why: str) -> None:
    """Move the case to `to` when its workflow allows (a manual change stays possible)."""
    case.refresh_from_db(fields=["status", "status_before_hold", "version"])
    if case.status != to and workflow.can_move(case.status, to, case.status_before_hold):
        case_change_status(case=case, to=to, by=by, note=f"follows the checklist: {why}")


def _settle(request: RecordsRequest, *, by) -> None:
    """Close a request once no item is missing; the case is complete once no request is
    open."""
    if not rules.all_resolved(request.items.values_list("status", flat=True)):
        return
    request.closed_at = timezone.now()
    request.save(update_fields=["closed_at"])
    case_event(
        request.case,
        TimelineEvent.Kind.RECORDS,
        f"Every record of the request of {timezone.localtime(request.created_at):%d %b %Y} "
        "is received or no longer needed.",
        actor=by,
    )
    if not request.case.records_requests.filter(closed_at__isnull=True).exists():
        _follow(request.case, to=Case.Status.RECORDS_COMPLETE, by=by, why="every record is in")


def _locked_item(item: RequestedItem) -> RequestedItem:
    """The item, its request locked first: two items of one request answered at once are
    settled one after the other, so the second sees the first and closes the request."""
    RecordsRequest.objects.select_for_update(of=("self",)).filter(items=item).first()
    return (
        RequestedItem.objects.select_for_update(of=("self",))
        .select_related("request__case")
        .get(pk=item.pk)
    )


def _resolve(item: RequestedItem, *, status: str, by=None, document: Document | None = None):
    item.status = status
    item.resolved_at = timezone.now()
    item.marked_by = by if status != ItemStatus.RECEIVED else None
    item.document = document or item.document
    item.save(update_fields=["status", "resolved_at", "marked_by", "document"])


@transaction.atomic
def requested_item_mark(*, item: RequestedItem, by, status: str) -> RequestedItem:
    """The coordinator marks a missing item received by another route, or no longer
    needed."""
    item = _locked_item(item)
    if status not in (ItemStatus.RECEIVED_OTHER_ROUTE, ItemStatus.NOT_NEEDED):
        raise RecordsRefusedError("Choose received by another route, or no longer needed.")
    if not item.is_missing:
        raise RecordsRefusedError("This item is no longer missing; nothing was changed.")
    _resolve(item, status=status, by=by)
    case_event(
        item.request.case,
        TimelineEvent.Kind.RECORDS,
        f"{_english(item)}: marked {ItemStatus(status).label.lower()}.",
        actor=by,
        audit=AuditEvent.Action.RECORDS_ITEM_MARKED,
        object_type="requested_item",
        object_id=item.pk,
        detail=status,
    )
    _settle(item.request, by=by)
    return item


@transaction.atomic
def requested_item_reopen(*, item: RequestedItem, by) -> RequestedItem:
    """Undo an answer (marked by mistake, or the file was not the right one): the item is
    missing again, its request open, and the case back to "Records requested" where the
    workflow allows. A file it had stays on the case."""
    item = _locked_item(item)
    request = item.request
    if item.is_missing:
        raise RecordsRefusedError("This item is already missing; nothing was changed.")
    if not request.case.is_open:
        raise RecordsRefusedError("This case is closed, so its checklist cannot change.")
    before = item.status
    item.status = ItemStatus.MISSING
    item.resolved_at = None
    item.marked_by = None
    item.document = None
    item.save(update_fields=["status", "resolved_at", "marked_by", "document"])
    case_event(
        request.case,
        TimelineEvent.Kind.RECORDS,
        f"{_english(item)}: needed again (was {ItemStatus(before).label.lower()}).",
        actor=by,
        audit=AuditEvent.Action.RECORDS_ITEM_MARKED,
        object_type="requested_item",
        object_id=item.pk,
        detail=f"{before} -> {ItemStatus.MISSING}",
    )
    if request.closed_at is not None:
        request.closed_at = None
        request.save(update_fields=["closed_at"])
        _follow(request.case, to=Case.Status.RECORDS_REQUESTED, by=by, why="an item is needed")
    return item


def _check_answerable(item: RequestedItem, checked: uploads.CheckedUpload) -> None:
    if not item.is_missing or not item.request.case.is_open:
        raise ValidationError(words.item_already_answered(), code="item_answered")
    if not rules.type_suits(item.kind, checked.content_type):
        raise ValidationError(
            words.wrong_file_type(
                name=checked.original_name, item_label=item.label, kind=item.kind
            ),
            code="item_wrong_type",
        )


@transaction.atomic
def records_item_upload(*, item: RequestedItem, checked: uploads.CheckedUpload) -> Document:
    """The family's file for one item, from their status page: the status page's checks
    and limits, a type that suits the item, then the item is ticked off and the
    coordinator alerted. A refusal is a ValidationError in the family's language and
    nothing is saved."""
    item = _locked_item(item)
    _check_answerable(item, checked)
    case = item.request.case
    (document,) = case_add_family_documents(
        case=case,
        checked=[checked],
        category=rules.CATEGORY_FOR_KIND[item.kind],
        alert=CoordinatorAlert.Kind.RECORDS_ARRIVED,
    )
    with _removed_on_failure(document):
        _resolve(item, status=ItemStatus.RECEIVED, document=document)
        case_event(case, TimelineEvent.Kind.RECORDS, f"{_english(item)}: received from the family.")
        _settle(item.request, by=None)
    return document


@transaction.atomic
def records_staff_document_add(
    *,
    case: Case,
    by,
    checked: uploads.CheckedUpload,
    category: str,
    route: str,
    item: RequestedItem | None = None,
) -> Document:
    """A file that reached us another way, added by staff (marked as theirs, with the
    route), optionally answering a requested item, which it then ticks off."""
    if item is not None:
        item = _locked_item(item)
        if item.request.case_id != case.pk:
            raise RecordsRefusedError("That item belongs to another case.")
        try:
            _check_answerable(item, checked)
        except ValidationError as refused:
            raise RecordsRefusedError(" ".join(refused.messages)) from None
    (document,) = case_add_staff_documents(
        case=case, checked=[checked], category=category, route=route, by=by
    )
    if item is not None:
        with _removed_on_failure(document):
            _resolve(item, status=ItemStatus.RECEIVED_OTHER_ROUTE, by=by, document=document)
            case_event(
                case,
                TimelineEvent.Kind.RECORDS,
                f"{_english(item)}: received by another route ({document.original_name}).",
                actor=by,
                audit=AuditEvent.Action.RECORDS_ITEM_MARKED,
                object_type="requested_item",
                object_id=item.pk,
                detail=ItemStatus.RECEIVED_OTHER_ROUTE,
            )
            _settle(item.request, by=by)
    return document


class _removed_on_failure:
    """The stored copy of `document` is removed if what follows fails (its row rolls back
    with the caller's transaction)."""

    def __init__(self, document: Document):
        self.name = document.file.name

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is not None:
            uploads.delete_files([self.name])
        return False


# --- The reminder -------------------------------------------------------------------------


def records_reminders_send(*, today: date | None = None) -> int:
    """One reminder per open request whose due date has passed with items still missing.
    Returns how many requests were reminded; safe to run twice."""
    today = today or timezone.localdate()
    due = (
        RecordsRequest.objects.filter(
            closed_at__isnull=True,
            reminded_at__isnull=True,
            due_on__lt=today,
            items__status=ItemStatus.MISSING,
        )
        .values_list("pk", flat=True)
        .distinct()[:500]
    )
    return sum(1 for pk in list(due) if _remind(pk))


@transaction.atomic
def _remind(request_id: int) -> bool:
    request = (
        RecordsRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("case")
        .filter(pk=request_id, reminded_at__isnull=True, closed_at__isnull=True)
        .first()
    )
    if request is None or not request.items.filter(status=ItemStatus.MISSING).exists():
        return False
    request.reminded_at = timezone.now()
    request.save(update_fields=["reminded_at"])
    if not request.case.is_open:
        return False  # marked, so a closed case is never looked at again
    sent = family_notice(case=request.case, event=FamilyNotice.Event.RECORDS_REMINDER)
    case_event(
        request.case,
        TimelineEvent.Kind.RECORDS,
        f"The records request due {request.due_on:%d %b %Y} still has missing items: "
        + (
            "the family is reminded by e-mail."
            if sent
            else "no reminder e-mail (the family chose no e-mail notices)."
        ),
    )
    return True
