"""Each figure on the dashboard: its table (headers and rows of text) and its chart, both
built here from one selector call, so the page's table, the chart and the CSV download
show exactly the same rows."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django_countries import countries

from cases.models import Case
from core.conditions import ConditionArea

from . import charts, selectors
from .forms import Filters
from .suppression import shown_count, shown_duration


@dataclass
class Figure:
    key: str
    title: str
    desc: str
    headers: list[str]
    rows: list[list[str]]
    chart: str = ""
    notes: list[str] = field(default_factory=list)


def _text(value) -> str:
    return "not shown (fewer than 5 cases)" if value is None else str(value)


def _items(rows: list[list[str]], column: int = 1) -> list[charts.Item]:
    """Chart items from table rows: a number is drawn, "<5" or a blank is only written."""
    items = []
    for row in rows:
        shown = row[column]
        try:
            value = float(shown)
        except ValueError:
            value = None
        items.append((row[0], value, shown))
    return items


def inquiries(filters: Filters) -> Figure:
    hide = filters.small_groups_hidden
    rows = [
        [monday.date().isoformat(), str(shown_count(n, small_groups_hidden=hide))]
        for monday, n in selectors.inquiries_per_week(filters)
    ]
    title = "New inquiries per week"
    desc = f"New inquiries each week from {filters.start} to {filters.end}, by week start."
    return Figure(
        "inquiries",
        title,
        desc,
        ["Week starting", "New inquiries"],
        rows,
        charts.line_chart(title, desc, _items(rows)),
    )


def stages(filters: Filters) -> Figure:
    hide = filters.small_groups_hidden
    rows = [
        [str(Case.Status(status).label), str(shown_count(n, small_groups_hidden=hide))]
        for status, n in selectors.cases_by_stage(filters)
    ]
    title = "Cases by stage now"
    desc = "Where the cases submitted in the period stand today, from new to closed."
    return Figure(
        "stages", title, desc, ["Stage", "Cases"], rows, charts.funnel(title, desc, _items(rows))
    )


def first_contact(filters: Filters) -> Figure:
    m = selectors.first_contact_times(filters)
    hide = filters.small_groups_hidden
    n = m["contacted"]
    share = f"{round(100 * m['within_target'] / n)}%" if n >= 5 else _text(None)
    rows = [
        ["Median (working hours)", _text(shown_duration(m["median"], n))],
        ["90th percentile (working hours)", _text(shown_duration(m["p90"], n))],
        ["Contacted by the target", share],
        ["Cases contacted", str(shown_count(n, small_groups_hidden=hide))],
        ["Open cases not yet contacted", str(shown_count(m["waiting"], small_groups_hidden=hide))],
    ]
    title = "Time to first contact"
    desc = "Working hours from an inquiry to the first contact with the family."
    return Figure(
        "first_contact",
        title,
        desc,
        ["Measure", "Value"],
        rows,
        charts.bar_chart(title, desc, _items(rows[:2])),
        notes=[f"Contacted by the target: {share}."],
    )


def records_complete(filters: Filters) -> Figure:
    m = selectors.records_complete_times(filters)
    hide = filters.small_groups_hidden
    n = m["completed"]
    rows = [
        ["Median (days)", _text(shown_duration(m["median"], n))],
        ["90th percentile (days)", _text(shown_duration(m["p90"], n))],
        ["Cases with records complete", str(shown_count(n, small_groups_hidden=hide))],
        ["Open cases not there yet", str(shown_count(m["not_yet"], small_groups_hidden=hide))],
    ]
    title = "Time from inquiry to records complete"
    desc = "Days from an inquiry to the first time its records were complete."
    return Figure(
        "records_complete",
        title,
        desc,
        ["Measure", "Value"],
        rows,
        charts.bar_chart(title, desc, _items(rows[:2])),
    )


def partners(filters: Filters) -> Figure:
    hide = filters.small_groups_hidden
    rows = []
    for p in selectors.partner_answers(filters):
        rows.append(
            [
                p["partner"],
                _text(shown_duration(p["median_days"], p["answered"])),
                str(shown_count(p["sent"], small_groups_hidden=hide)),
                str(shown_count(p["answered"], small_groups_hidden=hide)),
                f"{round(100 * p['answered'] / p['sent'])}%" if p["sent"] >= 5 else _text(None),
            ]
        )
    title = "Partners' first answers"
    desc = "Median days from a referral sent to the partner's first answer, per partner."
    return Figure(
        "partners",
        title,
        desc,
        ["Partner", "Median days to first answer", "Referrals sent", "Answered", "Response rate"],
        rows,
        charts.bar_chart(title, desc, _items(rows)),
    )


def workload(filters: Filters) -> Figure:
    def count(n):
        return str(shown_count(n, small_groups_hidden=filters.small_groups_hidden))

    rows = [
        [
            w["coordinator"],
            count(w["open"]),
            "" if w["capacity"] is None else str(w["capacity"]),
            count(w["overdue"]),
            count(w["waiting"]),
            count(w["tasks_overdue"]),
        ]
        for w in selectors.coordinator_workload(filters)
    ]
    title = "Open cases per coordinator"
    desc = "Each coordinator's open cases now, against their capacity."
    items = [
        (r[0], float(r[1]) if r[1].isdigit() else None, f"{r[1]} of {r[2]}" if r[2] else r[1])
        for r in rows
    ]
    return Figure(
        "workload",
        title,
        desc,
        [
            "Coordinator",
            "Open cases",
            "Capacity",
            "First contacts overdue",
            "Messages waiting for a reply",
            "Tasks overdue",
        ],
        rows,
        charts.bar_chart(title, desc, items),
        notes=["Now, whatever the dates: open cases only."],
    )


def _breakdown(key, title, field_name, label, header, filters, *, always_hide=False):
    hide = always_hide or filters.small_groups_hidden
    rows = [
        [label(value), str(shown_count(n, small_groups_hidden=hide))]
        for value, n in selectors.cases_by(field_name, filters)
    ]
    desc = f"Cases submitted in the period, by {header.lower()}."
    return Figure(
        key, title, desc, [header, "Cases"], rows, charts.bar_chart(title, desc, _items(rows))
    )


LANGUAGE_NAMES = dict(settings.LANGUAGES)
AREA_NAMES = dict(ConditionArea.choices)


def by_condition_area(filters):
    return _breakdown(
        "by_condition_area",
        "Cases by condition area",
        "condition_area",
        lambda v: str(AREA_NAMES.get(v, v)),
        "Condition area",
        filters,
    )


def by_country(filters):
    return _breakdown(
        "by_country",
        "Cases by country",
        "country",
        lambda v: countries.name(v) or v,
        "Country",
        filters,
        always_hide=True,
    )


def by_language(filters):
    return _breakdown(
        "by_language",
        "Cases by language",
        "language",
        lambda v: str(LANGUAGE_NAMES.get(v, v)),
        "Language",
        filters,
        always_hide=True,
    )


def closed(filters: Filters) -> Figure:
    hide = filters.small_groups_hidden
    rows = [
        [str(Case.CloseReason(reason).label), str(shown_count(n, small_groups_hidden=hide))]
        for reason, n in selectors.closed_by_reason(filters)
    ]
    title = "Closed cases by reason"
    desc = "Cases submitted in the period and closed since, by the reason for closing."
    return Figure(
        "closed",
        title,
        desc,
        ["Reason for closing", "Cases"],
        rows,
        charts.bar_chart(title, desc, _items(rows)),
    )


FIGURES: dict[str, Callable[[Filters], Figure]] = {
    "inquiries": inquiries,
    "stages": stages,
    "first_contact": first_contact,
    "records_complete": records_complete,
    "partners": partners,
    "workload": workload,
    "by_condition_area": by_condition_area,
    "by_country": by_country,
    "by_language": by_language,
    "closed": closed,
}
