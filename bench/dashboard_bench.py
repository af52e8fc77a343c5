"""Supervisors' dashboard speed (issue 14: "the whole page under 500 ms median at 100,000
cases and 1,000,000 timeline events on PostgreSQL").

Usage (PostgreSQL; the script creates and fills a throwaway database of its own):

    .venv/bin/python bench/dashboard_bench.py [--cases 100000] [--events-per-case 10] [--runs 15]

seed_demo writes the cases (spread over two years, one timeline entry each) with COPY;
this script then, in SQL, varies the closing reasons and sets messages waiting, adds timeline
entries up to --events-per-case per case, referrals to the demo partners and practical
tasks. It prints the median time of the whole Django request (view, queries, template)
for the dashboard with its default 12 weeks, with a year, with a country filter, and a
one-query view (/healthz) as the baseline in the same run. Nothing is asserted.
"""

import argparse
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchenv import migrate_and_seed, use_production_settings  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/navigator_dashboard_bench"

# Vary what seed_demo leaves alike (it stores working hours and records complete itself);
# deterministic (from the id).
MEASURES_SQL = [
    """UPDATE cases_case SET
         close_reason = CASE WHEN status = 'closed' THEN
           (ARRAY['information_provided', 'family_withdrew', 'no_response',
                  'referred_elsewhere', 'duplicate', 'other'])[id %% 6 + 1] ELSE '' END,
         reply_due_at = CASE WHEN status <> 'closed' AND id %% 20 = 0
           THEN now() + INTERVAL '4 hours' END
       WHERE help_details LIKE '[demo]%%'""",
    # More timeline entries per case, up to the target (each case has one from seeding).
    """INSERT INTO cases_timelineevent (case_id, kind, message, created_at)
       SELECT c.id, 'note', 'Internal note added', c.submitted_at + g * INTERVAL '5 hours'
       FROM cases_case c, generate_series(1, %(extra)s) g
       WHERE NOT EXISTS (SELECT 1 FROM cases_timelineevent e
                         WHERE e.case_id = c.id AND e.kind = 'note'
                           AND e.message = 'Internal note added')""",
]


def seed_related(now) -> tuple[int, int]:
    """Referrals for one case in four (answered two times in three) and a practical task
    for one in ten, written with COPY."""
    from django.contrib.auth import get_user_model

    from cases.models import Case
    from core import bulk_copy
    from logistics.models import CaseTask
    from partners.models import Organisation
    from referrals.models import Referral

    if Referral.objects.exists():
        return Referral.objects.count(), CaseTask.objects.count()
    partners = list(Organisation.objects.values_list("pk", flat=True)) or []
    author = get_user_model().objects.get(username="supervisor")
    referrals, tasks = [], []
    rows = Case.objects.values_list("pk", "submitted_at", "coordinator_id")
    for pk, submitted, coordinator_id in rows.iterator(chunk_size=5000):
        if partners and pk % 4 == 0:
            sent = submitted + timedelta(days=pk % 20 + 3)
            referrals.append(
                {
                    "case_id": pk,
                    "organisation_id": partners[pk % len(partners)],
                    "contact_name": "International office",
                    "contact_email": "office@hospital.example",
                    "status": "accepted" if pk % 3 else "requested",
                    "question": "Could you review the records?",
                    "created_by_id": author.pk,
                    "sent_at": sent,
                    "first_answered_at": sent + timedelta(hours=pk % 300 + 5) if pk % 3 else None,
                }
            )
        if coordinator_id and pk % 10 == 0:
            tasks.append(
                {
                    "case_id": pk,
                    "kind": "travel",
                    "title": "Visa letter",
                    "due_at": now + timedelta(days=pk % 20 - 10),
                    "time_zone": "UTC",
                    "assignee_id": coordinator_id,
                    "created_by_id": coordinator_id,
                    "status": "open",
                    "uid": uuid.uuid4(),
                }
            )
    return bulk_copy.copy_rows(Referral, referrals, now=now), bulk_copy.copy_rows(
        CaseTask, tasks, now=now
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events-per-case", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    use_production_settings(DEFAULT_DB)
    migrate_and_seed(args.cases)

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cases.models import Case, TimelineEvent
    from referrals.models import Referral

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in MEASURES_SQL:
            cursor.execute(sql, {"extra": max(args.events_per_case - 1, 0)})
        referrals, tasks = seed_related(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would: index-only scans
    print(f"measures, timeline, referrals and tasks: {time.perf_counter() - started:.1f} s")
    print(
        f"stored: {Case.objects.count()} cases, {TimelineEvent.objects.count()} timeline "
        f"events, {Referral.objects.count()} referrals, {tasks} tasks"
    )

    def timed(client, url):
        client.get(url, secure=True)  # warm up
        timings = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            response = client.get(url, secure=True)  # as behind TLS: debug is off here
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(timings)

    baseline = timed(Client(), "/healthz")
    print(f"baseline, /healthz (one query): median {baseline:.1f} ms")
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="supervisor"))
    year_ago = (timezone.localdate() - timedelta(days=365)).isoformat()
    for label, url in (
        ("default, last 12 weeks", "/staff/dashboard/"),
        ("the last 52 weeks", f"/staff/dashboard/?start={year_ago}"),
        ("one country, 52 weeks", f"/staff/dashboard/?start={year_ago}&country=ES"),
        ("a CSV download", "/staff/dashboard/?csv=workload"),
    ):
        median = timed(client, url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, secure=True)
        print(
            f"dashboard, {label:<24} median {median:7.1f} ms "
            f"({median / baseline:.1f}x baseline), {len(queries)} queries"
        )


if __name__ == "__main__":
    main()
