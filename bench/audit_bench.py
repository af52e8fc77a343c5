"""The audit trail at scale: the supervisors' page and the admin list over N events.

    .venv/bin/python bench/audit_bench.py --events 5000000 --runs 20   # needs PostgreSQL

Seeds its own database (navigator_bench_audit) with N audit events spread over two years,
200 staff and 100,000 case references, by SQL (a few minutes for 5,000,000), then times
whole Django requests (middleware, queries, template) and prints medians, with a one-query
view (/healthz) measured in the same run as the baseline. Nothing is asserted.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchenv import use_production_settings  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/navigator_bench_audit"

SEED = """
INSERT INTO cases_auditevent
    (created_at, actor_id, actor_username, action, case_reference, object_type, object_id,
     ip_address, user_agent, path, detail)
SELECT now() - (n * interval '12 seconds'),
       n %% 200,
       'staff.' || (n %% 200),
       (ARRAY['case_viewed','case_viewed','case_viewed','document_downloaded','note_added',
              'status_changed','sign_in','pdf_requested','assigned','contact_logged'])[n %% 10 + 1],
       'NAV-' || (2025 + n %% 2) || '-' || lpad((n %% 100000)::text, 6, '0'),
       'case', '', ('10.0.' || (n %% 250) || '.' || (n %% 200))::inet, 'bench', '/cases/', ''
FROM generate_series(%s, %s) AS n
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    os.environ.pop("REDIS_URL", None)  # the baseline is one database query, nothing else
    use_production_settings(DEFAULT_DB)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from audit.models import AuditEvent
    from tests.factories import supervisor

    call_command("migrate", verbosity=0)
    have = AuditEvent.objects.count()
    if have < args.events:
        started = time.perf_counter()
        step = 500_000
        with connection.cursor() as cursor:
            for low in range(have + 1, args.events + 1, step):
                cursor.execute(SEED, [low, min(low + step - 1, args.events)])
                print(f"  {min(low + step - 1, args.events)}/{args.events}", flush=True)
            cursor.execute("ANALYZE cases_auditevent")
        print(f"seeded {args.events - have} events in {time.perf_counter() - started:.0f} s")
    print(f"audit events: {args.events} (estimated by the planner; no COUNT(*) here)")

    setup_test_environment()
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.filter(username="bench.boss").first() or supervisor(
        "bench.boss", email="boss@bench.invalid"
    )
    boss.is_staff = True
    boss.save()
    client = Client()
    client.force_login(boss)

    def median_ms(url: str) -> float:
        client.get(url, secure=True)  # warm up
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(times)

    baseline = median_ms("/healthz")
    print(f"\nbaseline, /healthz (one query): median {baseline:.1f} ms")
    older = AuditEvent.objects.order_by("-id").values_list("id", flat=True)[2_000_000:2_000_001]
    deep = older[0] if older else 1
    pages = [
        ("/staff/audit/ page 1", "/staff/audit/"),
        ("  filtered by actor", "/staff/audit/?actor=staff.17"),
        ("  filtered by action", "/staff/audit/?action=status_changed"),
        ("  one case (per-case view)", "/staff/audit/?case=NAV-2026-004242"),
        ("  two million events back", f"/staff/audit/?before={deep}"),
        ("admin changelist", "/admin/audit/auditevent/"),
        ("  admin, action filter", "/admin/audit/auditevent/?action__exact=sign_in"),
        ("  admin, search a case", "/admin/audit/auditevent/?q=NAV-2026-004242"),
    ]
    for label, url in pages:
        median = median_ms(url)
        print(f"{label:<30} median {median:7.1f} ms ({median / baseline:5.1f}x baseline)")


if __name__ == "__main__":
    main()
