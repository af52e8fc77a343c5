"""The queue: tabs, counts, filters, search, sort, saved views and a flat query count."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, SavedView
from tests.factories import coordinator, make_intake, submit_case, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(signed_in):
    alice = coordinator("alice")
    boss = supervisor("boss")
    cases = []
    for index, urgency in enumerate(["routine", "urgent", "soon", "urgent"]):
        intake = make_intake(urgency=urgency)
        patient = {**intake.patient, "full_name": f"Patient Number{index}"}
        case = submit_case(urgency=urgency, patient=patient)
        cases.append(case)
    Case.objects.filter(pk__in=[cases[0].pk, cases[1].pk]).update(coordinator=alice)
    return {
        "alice": signed_in(Client(), alice),
        "boss": signed_in(Client(), boss),
        "cases": cases,
    }


def refs(response):
    return [case.reference for case in response.context["page"]]


def test_tabs_show_the_right_cases_with_counts(team):
    mine = team["alice"].get(reverse("cases:queue"))
    assert set(refs(mine)) == {team["cases"][0].reference, team["cases"][1].reference}
    assert mine.context["counts"] == {"mine": 2, "unassigned": 2}
    unassigned = team["alice"].get(reverse("cases:queue_tab", args=["unassigned"]))
    assert set(refs(unassigned)) == {team["cases"][2].reference, team["cases"][3].reference}
    everything = team["boss"].get(reverse("cases:queue_tab", args=["all"]))
    assert everything.context["counts"] == {"mine": 0, "unassigned": 2, "all": 4}


def test_default_sort_is_urgency_then_age(team):
    response = team["boss"].get(reverse("cases:queue_tab", args=["all"]))
    c = team["cases"]
    assert refs(response) == [c[1].reference, c[3].reference, c[2].reference, c[0].reference]


def test_rows_show_initials_not_full_names(team):
    body = team["boss"].get(reverse("cases:queue_tab", args=["all"])).content.decode()
    assert "Number0" not in body
    assert ">PN<" in body


def test_search_by_reference_name_or_email(team):
    c = team["cases"]
    url = reverse("cases:queue_tab", args=["all"])
    assert refs(team["boss"].get(url, {"q": c[2].reference})) == [c[2].reference]
    assert refs(team["boss"].get(url, {"q": "number3"})) == [c[3].reference]
    assert len(refs(team["boss"].get(url, {"q": "ANA@example.org"}))) == 4


def test_filters_and_sortable_columns(team):
    url = reverse("cases:queue_tab", args=["all"])
    urgent = refs(team["boss"].get(url, {"urgency": "urgent"}))
    assert set(urgent) == {team["cases"][1].reference, team["cases"][3].reference}
    by_ref = refs(team["boss"].get(url, {"sort": "-reference"}))
    assert by_ref == sorted(by_ref, reverse=True)
    assert refs(team["boss"].get(url, {"language": "zh-hans"})) == []


def test_overdue_cases_filter_and_stand_out(team):
    overdue = team["cases"][2]
    Case.objects.filter(pk=overdue.pk).update(
        first_contact_due_at=timezone.now() - timedelta(hours=2)
    )
    url = reverse("cases:queue_tab", args=["all"])
    response = team["boss"].get(url, {"overdue": "true"})
    assert refs(response) == [overdue.reference]
    assert 'class="table-danger"' in response.content.decode()


def test_nonsense_filters_are_reported_and_ignored(team):
    url = reverse("cases:queue_tab", args=["all"])
    response = team["boss"].get(
        url, {"status": "eligible", "country": "ZZ", "sort": "password", "page": "x"}
    )
    assert response.status_code == 200
    assert "not understood" in response.content.decode()
    assert len(refs(response)) == 4
    assert team["boss"].get(reverse("cases:queue_tab", args=["nonsense"])).status_code == 404


def test_saved_views_per_user_and_shared_by_supervisors(team):
    boss, alice = team["boss"], team["alice"]
    boss.post(
        reverse("cases:saved_view_create", args=["all"]),
        {"name": "Urgent", "query": "urgency=urgent", "shared": "on"},
    )
    alice.post(
        reverse("cases:saved_view_create", args=["mine"]),
        {"name": "Mine", "query": "", "shared": "on"},
    )
    assert SavedView.objects.get(name="Urgent").shared
    assert not SavedView.objects.get(name="Mine").shared  # only supervisors share
    names = [v.name for v in alice.get(reverse("cases:queue")).context["saved_views"]]
    assert names == ["Mine", "Urgent"]


@pytest.mark.parametrize("extra", [0, 30])
def test_the_query_count_does_not_grow_with_rows(team, django_assert_max_num_queries, extra):
    for _ in range(extra):
        submit_case()
    # 19: the count of referrals overdue for a response is one query of its own, and so are
    # the count of cases waiting for our reply to the family and the staff header's count
    # of unread alerts (desk).
    with django_assert_max_num_queries(19):
        response = team["boss"].get(reverse("cases:queue_tab", args=["all"]))
    assert response.status_code == 200
    with django_assert_max_num_queries(19):
        team["boss"].get(reverse("cases:queue_tab", args=["all"]), {"page": 2, "sort": "-age"})


def test_tab_counts_are_kept_briefly_and_need_no_query_the_second_time(
    team, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    from cases.selectors import queue_counts

    boss = get_user_model().objects.get(username="boss")
    first = queue_counts(user=boss)
    assert first == {"mine": 0, "unassigned": 2, "all": 4}
    with django_assert_num_queries(0):  # the groups are remembered on the user object too
        assert queue_counts(user=boss) == first


@pytest.mark.parametrize(
    ("term", "index"),
    [
        ("NAV-2026-000001", "cases_case_reference_upper_idx"),
        ("someone@example.org", "cases_submitter_email_upper_idx"),
        ("Number", "cases_patient_name_trgm_idx"),
    ],
)
def test_each_part_of_the_search_is_served_by_an_index(team, postgres, term, index):
    """The search's own query (the matching ids; the queue then keeps those) uses an
    index for each part."""
    from django.db import connection

    from cases.filters import search_matches

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, args = search_matches(term).query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", args)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def test_a_reference_or_an_email_is_not_looked_for_in_names(team, postgres):
    from cases.filters import search_matches

    for term in ("NAV-2026-000001", "someone@example.org"):
        sql = str(search_matches(term).query)
        assert "full_name" not in sql, sql


def test_a_search_matching_too_many_cases_keeps_some_and_says_so(team, monkeypatch):
    from cases import filters

    url = reverse("cases:queue_tab", args=["all"])
    found = team["boss"].get(url, {"q": "number"})
    assert len(refs(found)) == 4
    assert b"data-search-capped" not in found.content
    monkeypatch.setattr(filters, "SEARCH_MATCHES_MAX", 2)
    capped = team["boss"].get(url, {"q": "number"})
    # The newest two of the four, still in the queue's order.
    newest = sorted(team["cases"], key=lambda case: case.pk)[-2:]
    assert set(refs(capped)) == {case.reference for case in newest}
    assert b"data-search-capped" in capped.content
    # An exact reference is found whatever the limit.
    exact = team["boss"].get(url, {"q": team["cases"][0].reference.lower()})
    assert refs(exact) == [team["cases"][0].reference]


@pytest.mark.parametrize(
    ("username", "tab", "index"),
    [
        ("alice", "mine", "case_open_coord_queue_idx"),
        ("alice", "unassigned", "case_open_unassigned_idx"),
        ("boss", "all", "case_open_queue_idx"),
    ],
)
def test_each_tab_walks_its_sort_index_without_sorting(team, postgres, username, tab, index):
    """A deep page can read an index in order: with sorting made the planner's last
    resort, still no Sort node (a tiny table is otherwise sorted, cheaply). Before, the
    Unassigned tab had no such index (IS NULL gives no order from the coordinator's
    index) and a coordinator's tabs were wrapped in the visibility OR."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.http import QueryDict

    from cases.selectors import case_queue

    user = get_user_model().objects.get(username=username)
    _filters, rows = case_queue(user=user, tab=tab, params=QueryDict())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        sql, args = rows.values_list("pk", flat=True)[500:525].query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", args)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert index in plan and "Sort" not in plan, plan


def test_the_filter_lists_keep_what_was_chosen(team):
    page = team["boss"].get(
        reverse("cases:queue_tab", args=["all"]), {"country": "ES", "urgency": "urgent"}
    )
    html = page.content.decode()
    assert '<option value="ES" selected>Spain</option>' in html
    assert '<option value="FR">France</option>' in html
    assert '<option value="urgent" selected>' in html
    # Nothing else chosen: the other lists stay on their blank "any" choice.
    assert re.findall(r'<option value="([^"]+)" selected>', html) == ["ES", "urgent"]
