"""Queue page speed with 100,000 cases (issue: "the queue answers in under 150 ms").

Usage (PostgreSQL and a throwaway database; the script creates and fills it):

    .venv/bin/python bench/queue_bench.py [--cases 100000] [--runs 30]

It prints the median and 95th percentile time of the whole Django request (view,
queries, template) for a coordinator's and a supervisor's queue, page 1 and page 500,
plus the number of queries each page makes. Nothing is asserted: it prints figures.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchenv import MANAGE, migrate_and_seed, use_production_settings  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/navigator_bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    use_production_settings(DEFAULT_DB)
    migrate_and_seed(args.cases)
    subprocess.run(
        [
            *MANAGE,
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('ANALYZE')",
        ],
        check=True,
    )

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import (
        CaptureQueriesContext,
        setup_test_environment,
        teardown_test_environment,
    )

    from cases.models import Case

    print(f"cases stored: {Case.objects.count()}")
    # The machine is shared: the load says how far the figures are from a quiet one.
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    def timed(client, url):
        client.get(url, secure=True)  # warm up
        timings = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            response = client.get(url, secure=True)  # as behind TLS: debug is off here
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        return timings

    # The baseline, measured in the same run: a one-query Django view (the health check).
    baseline = statistics.median(timed(Client(), "/healthz"))
    print(f"baseline, /healthz (one query): median {baseline:.1f} ms")
    users = get_user_model().objects
    for username, tab in (("coord.es", "mine"), ("coord.es", "unassigned"), ("supervisor", "all")):
        client = Client()
        client.force_login(users.get(username=username))
        for page in (1, 500):
            url = f"/queue/{tab}/?page={page}"
            timings = timed(client, url)
            # Once more, instrumented, to read the page's context (row counts). Timed runs
            # are not: the test environment deep-copies every template context it renders,
            # about a sixth of a queue page's time, which production never pays.
            setup_test_environment()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, secure=True)
            teardown_test_environment()
            shown = response.context["page"]
            median = statistics.median(timings)
            print(
                f"{username:<10} {tab:<10} "
                f"page {shown.number:>4} of {shown.paginator.num_pages:>4}: "
                f"median {median:6.1f} ms ({median / baseline:.1f}x baseline), "
                f"p95 {timings[int(len(timings) * 0.95) - 1]:6.1f} ms, "
                f"{len(queries)} queries, {shown.paginator.count} rows in tab"
            )

    # Search, as a supervisor types it: part of a name, a whole reference, an e-mail.
    some = Case.objects.select_related("submitter").order_by("id")[len(users.all()) :].first()
    client = Client()
    client.force_login(users.get(username="supervisor"))
    for label, term in (
        ("part of a name", "Garc"),
        ("a reference", some.reference.lower()),
        ("an e-mail", some.submitter.email.upper()),
    ):
        median = statistics.median(timed(client, f"/queue/all/?q={term}"))
        print(f"search by {label:<15} median {median:6.1f} ms ({median / baseline:.1f}x baseline)")

    # A heavy case: 200 reports, 1,000 timeline entries, 500 notes, 300 contacts.
    from django.utils import timezone

    from cases.models import CaseNote, ContactLog, Document, TimelineEvent

    heavy = Case.objects.order_by("-id").first()
    coordinator = users.get(username="supervisor")
    if not heavy.notes.filter(body__startswith="[heavy]").exists():
        Document.objects.bulk_create(
            Document(
                case=heavy,
                source="intake",
                file="reports/none",
                original_name=f"r{n}.pdf",
                category="pathology",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
            )
            for n in range(200)
        )
        TimelineEvent.objects.bulk_create(
            TimelineEvent(case=heavy, kind="note", message=f"[heavy] event {n}")
            for n in range(1000)
        )
        CaseNote.objects.bulk_create(
            CaseNote(case=heavy, author=coordinator, body=f"[heavy] note {n} " + "words " * 40)
            for n in range(500)
        )
        ContactLog.objects.bulk_create(
            ContactLog(
                case=heavy,
                author=coordinator,
                channel="call",
                happened_at=timezone.now(),
                summary=f"[heavy] call {n}",
            )
            for n in range(300)
        )
    client = Client()
    client.force_login(coordinator)
    url = f"/cases/{heavy.reference}/"
    timings = timed(client, url)
    size = len(client.get(url, secure=True).content)
    median = statistics.median(timings)
    print(
        f"heavy case workspace (200 reports, 1,000 timeline entries, 500 notes): "
        f"median {median:.1f} ms ({median / baseline:.1f}x baseline), {size / 1024:.0f} KB"
    )
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
