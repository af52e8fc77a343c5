"""The records checklist on the family's private status page. intake's status view opens
the page (the private link, the language) and hands the request here first: this answers
an item's upload (posted to the page with ?send=records&item=<id>) and gives the context
for templates/records/family/_checklist.html."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from cases.models import Case

from . import selectors, services
from .family import words
from .family_forms import ItemUploadForm


@dataclass
class FamilyRecords:
    context: dict = field(default_factory=dict)
    response: HttpResponse | None = None  # set once an upload of ours was received
    posted: bool = False  # the POST was ours (the page's own upload form must not read it)


def family_records(
    request, *, case: Case, token: str, too_large: str | None = None
) -> FamilyRecords:
    """Receive an item's file (PRG on success), or give the checklist with one upload form
    per missing item, the refused one bound with its error. `too_large` is the page's
    message for a body too large to read, which is then never read."""
    posted = request.method == "POST" and request.GET.get("send") == "records"
    item = selectors.family_item(case=case, pk=request.GET.get("item")) if posted else None
    bound = None
    if item is not None:
        if too_large:  # the body is never read: the form is bound to nothing
            bound = ItemUploadForm({}, {}, item=item, refused=too_large)
            bound.is_valid()
        else:
            bound = ItemUploadForm(request.POST, request.FILES, item=item)
            if bound.is_valid():
                try:
                    services.records_item_upload(item=item, checked=bound.cleaned_data["file"])
                except ValidationError as refused:  # answered meanwhile, the case's limits
                    bound.add_error("file", refused)
                else:
                    messages.success(request, words.item_received())
                    anchor = f"#records-item-{item.pk}"
                    return FamilyRecords(
                        response=redirect(
                            reverse("intake:status", kwargs={"token": token}) + anchor
                        ),
                        posted=True,
                    )
    requests = selectors.family_checklist(case=case)
    for records_request in requests:
        for each in records_request.items.all():
            if bound is not None and bound.item.pk == each.pk:
                each.upload_form = bound  # refused: shown again, with why, next to its item
            elif each.is_missing and records_request.is_open and case.is_open:
                each.upload_form = ItemUploadForm(item=each)
    return FamilyRecords(
        posted=posted, context={"requests": requests, "token": token, "case_open": case.is_open}
    )
