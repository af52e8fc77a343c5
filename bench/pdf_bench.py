"""PDF rendering speed and memory (issue: summaries within 1.5x of WeasyPrint alone, under
0.5 s, at least 100 a minute per worker process, memory flat over 500 renders).

Usage (PostgreSQL; uses the navigator_bench database the queue benchmark fills, or any
DATABASE_URL):

    .venv/bin/python bench/pdf_bench.py [--renders 500]

Prints figures; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/navigator_bench")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("NAVIGATOR_UPLOAD_ROOT", "/tmp/navigator-bench-uploads")
    os.environ["DJANGO_SETTINGS_MODULE"] = "navigator.settings"
    import subprocess

    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True)

    import django

    django.setup()
    from django.db import transaction
    from django.template.loader import render_to_string

    from documents import builders, pdf
    from documents import services as documents
    from documents.models import DocumentJob
    from intake import drafts
    from intake import services as intake_services
    from tests.factories import make_document, make_intake

    with transaction.atomic():
        case = intake_services.inquiry_submit(
            draft=drafts.draft_create(data={}),
            intake=make_intake(
                treatments=[
                    {
                        "kind": "chemotherapy",
                        "regimen": f"Regimen {n}",
                        "notes": "Tolerated well",
                        "started_on": date(2024, 1, 1),
                        "ended_on": date(2024, 3, 1),
                        "best_response": "partial",
                    }
                    for n in range(25)
                ]
            ),
        )
        for n in range(8):
            make_document(case, original_name=f"report-{n}.pdf", size=1000, page_count=3)

    # The same final HTML string, for WeasyPrint on its own.
    weasyprint, fetcher, fonts, stylesheet, base_url, _fatal = pdf._weasyprint()
    html = render_to_string(
        "documents/pdf/case_summary.html",
        {
            **builders._common(case.reference, "en"),
            "case": case,
            "job_version": 1,
            "treatments": case.treatments.all(),
            "documents": case.documents.all(),
            "shared": [],
            "max_text": builders.PDF_MAX_TEXT_CHARS,
            "treatments_not_shown": 0,
        },
    )

    def raw():
        return weasyprint.HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(ROOT / "static/pdf/print.css"))],
            pdf_variant="pdf/ua-1",
        )

    def ours():
        return builders.case_summary_pdf(case)

    def timed(fn, runs):
        fn()
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
        return statistics.median(samples)

    from claims.model import warm

    warm()  # the claims gate's model, trained once per process (workers warm it at start)
    pages = len(pdf.pdf_text_pages(ours()))
    raw_s, ours_s = timed(raw, args.runs), timed(ours, args.runs)
    rendered = builders.case_summary(case)
    check_s = timed(lambda: builders.check(rendered), args.runs)
    print(f"case summary: {pages} pages")
    print(f"WeasyPrint alone on the final HTML: median {raw_s * 1000:.0f} ms")
    print(
        f"render_pdf path (queries + template + WeasyPrint): median {ours_s * 1000:.0f} ms "
        f"= {ours_s / raw_s:.2f}x WeasyPrint alone"
    )
    print(
        f"check after render (pypdf read-back + the claims gate on its own words): "
        f"median {check_s * 1000:.0f} ms"
    )

    # A worker's loop: whole jobs (render, check, store) one after another.
    start_rss = rss_mb()
    warmed_up = min(50, args.renders)  # memory is compared from here on
    after_warm_up = start_rss
    t0 = time.perf_counter()
    for n in range(args.renders):
        job = DocumentJob.objects.create(kind="case_summary", case=case, version=1000 + n)
        documents.job_render(job_id=job.pk)
        if n == warmed_up - 1:
            after_warm_up = rss_mb()
    elapsed = time.perf_counter() - t0
    print(
        f"{args.renders} summary jobs in {elapsed:.1f} s "
        f"= {args.renders / elapsed * 60:.0f} per minute"
    )
    print(
        f"memory: {start_rss:.0f} MB at start, {after_warm_up:.0f} MB after {warmed_up}, "
        f"{rss_mb():.0f} MB after {args.renders} "
        f"(growth after warm-up {rss_mb() - after_warm_up:+.0f} MB)"
    )
    ready = DocumentJob.objects.filter(case=case, status="ready").count()
    print(f"jobs ready: {ready}")
    DocumentJob.objects.filter(case=case).delete()

    if os.environ.get("REDIS_URL"):
        celery_worker_throughput(case, jobs=min(200, args.renders))


def celery_worker_throughput(case, jobs: int) -> None:
    """A real `celery worker` (prefork, one child per core) draining queued summary jobs."""
    import subprocess

    from django.db import connection, transaction

    from documents import services as documents
    from documents.models import DocumentJob
    from navigator.celery import app
    from tests.support import celery_worker_command

    app.control.purge()
    worker = subprocess.Popen(
        celery_worker_command("--concurrency=2"),
        cwd=ROOT,
        env={**os.environ, "LOG_LEVEL": "WARNING"},
    )
    try:
        time.sleep(5)  # let it start
        t0 = time.perf_counter()
        with transaction.atomic():
            for n in range(jobs):
                job = DocumentJob.objects.create(kind="case_summary", case=case, version=5000 + n)
                transaction.on_commit(lambda job_id=job.pk: documents._send(job_id))
        while DocumentJob.objects.filter(case=case, status__in=["queued", "rendering"]).exists():
            time.sleep(0.5)
        elapsed = time.perf_counter() - t0
        ready = DocumentJob.objects.filter(case=case, status="ready").count()
        print(
            f"celery worker, 2 children: {ready} of {jobs} jobs ready in {elapsed:.1f} s "
            f"= {ready / elapsed * 60:.0f} per minute"
        )
    finally:
        worker.terminate()
        worker.wait(30)
        DocumentJob.objects.filter(case=case).delete()
        connection.close()


if __name__ == "__main__":
    main()
