"""The family's calendar file of a shared appointment, under their private status link
(checked as the status page's downloads are: only the current link of this case opens
it, and only a task shared with this family)."""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

from cases.selectors import case_for_status_token

from .calendar import task_ics
from .selectors import shared_task_for_family


@never_cache
def appointment_ics(request, token: str, pk: int):
    case = case_for_status_token(token)
    if case is None:
        raise Http404
    task = shared_task_for_family(case=case, pk=pk)
    if task is None:
        raise Http404
    response = HttpResponse(task_ics(task), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-{task.pk}.ics"'
    return response
