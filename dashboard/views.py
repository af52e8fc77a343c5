"""The supervisors' dashboard: one page of figures, each chart with its table and CSV."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render

from accounts.decorators import supervisor_required

from .figures import FIGURES, Figure
from .forms import DashboardFilterForm, with_default_dates


def figure_csv(figure: Figure) -> HttpResponse:
    """The figure's table as CSV: the same headers and rows the page shows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{figure.key}.csv"'
    writer = csv.writer(response)
    writer.writerow(figure.headers)
    writer.writerows(figure.rows)
    return response


@supervisor_required
def dashboard(request):
    form = DashboardFilterForm(with_default_dates(request.GET))
    filters = form.filters()
    key = request.GET.get("csv")
    if key is not None:
        if key not in FIGURES:
            raise Http404
        return figure_csv(FIGURES[key](filters))
    query = request.GET.copy()
    query.pop("csv", None)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "figures": [build(filters) for build in FIGURES.values()],
            "query": query.urlencode(),
        },
    )
