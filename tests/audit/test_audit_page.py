"""The supervisors' audit page: exact filters that an index serves, and keyset pages with
no total count, so it stays fast at millions of rows (bench/audit_bench.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from tests.factories import supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(signed_in):
    user = supervisor("boss")
    user.is_staff = True  # supervisors use the admin too
    user.save()
    return signed_in(Client(), user)


def make_events(n, **fields):
    AuditEvent.objects.bulk_create(
        AuditEvent(action="case_viewed", actor_username="alice", **fields) for _ in range(n)
    )


def test_name_and_reference_match_whatever_their_case(boss):
    make_events(2, case_reference="NAV-2026-000007")
    make_events(1, case_reference="NAV-2026-000008")
    page = boss.get(reverse("audit:log"), {"case": " nav-2026-000007 ", "actor": "ALICE"})
    assert [e.case_reference for e in page.context["page"]] == ["NAV-2026-000007"] * 2


def test_pages_go_older_and_newer_by_id_without_a_total(boss):
    make_events(120)
    ids = list(AuditEvent.objects.order_by("-id").values_list("id", flat=True))
    first = boss.get(reverse("audit:log")).context["page"]
    assert [e.id for e in first] == ids[:50] and first.newer is None and first.older == ids[49]
    second = boss.get(reverse("audit:log"), {"before": first.older}).context["page"]
    assert [e.id for e in second] == ids[50:100] and second.newer == ids[50]
    back = boss.get(reverse("audit:log"), {"after": second.newer}).context["page"]
    assert [e.id for e in back] == ids[:50]
    body = boss.get(reverse("audit:log"), {"before": "nonsense"}).content.decode()
    assert "Older" in body  # a bad cursor is ignored, not an error


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({"case": "NAV-2026-000007"}, "audit_case_idx"),
        ({"actor": "alice"}, "audit_who_idx"),
        ({"action": "case_viewed"}, "audit_action_idx"),
    ],
)
def test_each_filter_is_served_by_its_index(postgres, params, index):
    make_events(5, case_reference="NAV-2026-000007")
    query = AuditEventFilter(params, queryset=AuditEvent.objects.all()).qs.order_by("-id")[:51]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, args = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", args)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def test_the_admin_list_has_no_date_drill_down_and_no_full_count(boss):
    make_events(3)
    page = boss.get(reverse("admin:audit_auditevent_changelist"))
    assert page.status_code == 200
    assert page.context["cl"].date_hierarchy is None
    assert page.context["cl"].show_full_result_count is False
