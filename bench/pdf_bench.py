"""PDF rendering speed and memory (issue 13: one worker child at least 90 summaries a
minute, the render plus its check at most 1.2x bare WeasyPrint on the same HTML; memory
flat over hundreds of renders).

Usage (PostgreSQL; makes its own navigator_bench_pdf database unless DATABASE_URL names
another; with REDIS_URL it also times real `celery worker`s):

    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/pdf_bench.py --renders 300

--runs: samples per median (default 20); --renders: whole jobs in the one-process loop
(default 500); --worker-jobs: jobs per Celery worker run (default: --renders, at most 200).
Bare WeasyPrint and our path are timed turn about in the same loop, so the machine's
load (shared, noisy) weighs on both alike. The job loop runs twice: with the garbage
collector walking the whole heap (as before), then with the long-lived heap frozen as a
worker child does after its first task (navigator.celery.freeze_long_lived); the medians
are taken frozen. Prints figures; asserts nothing.
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
sys.path.insert(0, str(ROOT / "bench"))

from benchenv import ensure_database  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_of(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--worker-jobs", type=int, default=None)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/navigator_bench_pdf")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_URL", "dummymail://")  # the seeded inquiry's e-mails
    os.environ.setdefault("NAVIGATOR_UPLOAD_ROOT", "/tmp/navigator-bench-uploads")
    os.environ["DJANGO_SETTINGS_MODULE"] = "navigator.settings"
    ensure_database(os.environ["DATABASE_URL"])
    import subprocess

    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True)

    import django

    django.setup()
    from claims import gate
    from claims.model import warm
    from documents import builders, pdf
    from navigator.celery import freeze_long_lived

    case = seed_case()
    warm()  # the claims gate's model, trained once per process (workers warm it at start)

    # The builder's own final HTML string, for WeasyPrint on its own: no fetcher, no
    # cached stylesheet or fonts, nothing of ours.
    rendered = builders.case_summary(case)
    html = rendered.html
    weasyprint = pdf._weasyprint()[0]
    base_url = pdf._weasyprint()[4]
    css_path = str(ROOT / "static" / "pdf" / "print.css")

    def bare():
        return weasyprint.HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[weasyprint.CSS(filename=css_path)], pdf_variant="pdf/ua-1"
        )

    def render():
        return builders.case_summary(case)

    def render_and_check():
        return builders.check(builders.case_summary(case))

    own = builders.own_words(html)
    steps = {
        "bare": bare,
        "render": render,
        "render_and_check": render_and_check,
        "read_back": lambda: pdf.page_bands(rendered.data, bottom_mm=builders.FOOTER_BAND_MM),
        "own_words": lambda: builders.own_words(html),
        "gate": lambda: gate.check(own, channel=gate.Channel.PDF, language="en"),
        "check": lambda: builders.check(rendered),
    }
    for step in steps.values():
        step()  # warm up each
    # First as before this session's change: the collector walks everything each time.
    job_loop(case, args.renders, "the collector walking the whole heap (as before)")
    freeze_long_lived()  # what a worker child does after its first task (navigator.celery)
    samples = {name: [] for name in steps}
    for _ in range(args.runs):
        for name, step in steps.items():  # turn about: the same load for each
            t0 = time.perf_counter()
            step()
            samples[name].append(time.perf_counter() - t0)
    med = {name: statistics.median(values) for name, values in samples.items()}
    pypdf = []
    for _ in range(min(5, args.runs)):
        t0 = time.perf_counter()
        pdf.pdf_text_pages(rendered.data)
        pypdf.append(time.perf_counter() - t0)

    pages = builders.check(rendered)
    bare_s = med["bare"]
    print(f"case summary: {pages} pages, {len(rendered.data) // 1024} KB; medians of {args.runs}")
    print(f"WeasyPrint alone on the final HTML: {ms(bare_s)}")
    print(
        f"our render (queries, template, fetcher, WeasyPrint): {ms(med['render'])} "
        f"= {med['render'] / bare_s:.2f}x WeasyPrint alone"
    )
    print(
        f"our render plus its check: {ms(med['render_and_check'])} "
        f"= {med['render_and_check'] / bare_s:.2f}x WeasyPrint alone"
    )
    print(
        f"check alone: {ms(med['check'])} (PDFium read-back of the footers "
        f"{med['read_back'] * 1000:.1f} ms, own words from the HTML "
        f"{med['own_words'] * 1000:.1f} ms, claims gate {ms(med['gate'])})"
    )
    print(
        f"for comparison, pypdf reading the whole text back (the old check): "
        f"{ms(statistics.median(pypdf))}"
    )

    job_loop(case, args.renders, "as a worker child runs them (heap frozen after warm-up)")

    if os.environ.get("REDIS_URL"):
        jobs = args.worker_jobs or min(200, args.renders)
        for children in (1, 2):
            celery_worker_throughput(case, jobs=jobs, children=children)


def job_loop(case, renders: int, how: str) -> None:
    """A worker's loop: whole jobs (render, check, store) one after another."""
    from documents import services as documents
    from documents.models import DocumentJob

    start_rss = rss_mb()
    warmed_up = min(50, renders)  # memory is compared from here on
    after_warm_up = start_rss
    t0 = time.perf_counter()
    for n in range(renders):
        job = DocumentJob.objects.create(kind="case_summary", case=case, version=1000 + n)
        documents.job_render(job_id=job.pk)
        if n == warmed_up - 1:
            after_warm_up = rss_mb()
    elapsed = time.perf_counter() - t0
    ready = DocumentJob.objects.filter(case=case, status="ready").count()
    print(
        f"one process, {renders} summary jobs back to back, {how}: {elapsed:.1f} s "
        f"= {renders / elapsed * 60:.0f} per minute ({ready} ready)"
    )
    print(
        f"  memory: {start_rss:.0f} MB at start, {after_warm_up:.0f} MB after {warmed_up}, "
        f"{rss_mb():.0f} MB after {renders} "
        f"(growth after warm-up {rss_mb() - after_warm_up:+.0f} MB)"
    )
    DocumentJob.objects.filter(case=case).delete()


def seed_case():
    """A typical summary: 25 treatment lines and 8 reports (3 pages)."""
    from django.db import transaction

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
    return case


def _drain(case, since_version: int) -> None:
    from documents.models import DocumentJob

    waiting = DocumentJob.objects.filter(
        case=case, version__gte=since_version, status__in=["queued", "rendering"]
    )
    while waiting.exists():
        time.sleep(0.2)


def _queue(case, versions: range) -> None:
    from django.db import transaction

    from documents import services as documents
    from documents.models import DocumentJob

    with transaction.atomic():
        for version in versions:
            job = DocumentJob.objects.create(kind="case_summary", case=case, version=version)
            transaction.on_commit(lambda job_id=job.pk: documents._send(job_id))


def celery_worker_throughput(case, *, jobs: int, children: int) -> None:
    """A real `celery worker` (prefork, `children` child processes) draining queued summary
    jobs; a first job per child (model training, imports) is left out of the timing."""
    import subprocess

    from django.db import connection

    from documents.models import DocumentJob
    from navigator.celery import app
    from tests.support import celery_worker_command, child_pids

    app.control.purge()
    worker = subprocess.Popen(
        celery_worker_command(f"--concurrency={children}"),
        cwd=ROOT,
        # Each child trains the claims model before its first check: 45 to 65 s on this
        # loaded machine, past the 60 s soft limit. The limits are raised so that the
        # warm-up jobs (not timed) wait for it instead of being stopped and re-sent.
        env={
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "NAVIGATOR_RENDER_SOFT_LIMIT": "300",
            "NAVIGATOR_RENDER_HARD_LIMIT": "360",
        },
    )
    try:
        _queue(case, range(5000, 5000 + 2 * children))
        _drain(case, 5000)
        before = set(child_pids(worker.pid))
        t0 = time.perf_counter()
        _queue(case, range(6000, 6000 + jobs))
        _drain(case, 6000)
        elapsed = time.perf_counter() - t0
        after = child_pids(worker.pid)
        ready = DocumentJob.objects.filter(case=case, version__gte=6000, status="ready").count()
        print(
            f"celery worker, {children} child{'ren' if children > 1 else ''}: {ready} of {jobs} "
            f"jobs ready in {elapsed:.1f} s = {ready / elapsed * 60:.0f} per minute; "
            f"children's memory at the end {', '.join(f'{rss_of(p):.0f}' for p in after)} MB, "
            f"{len(set(after) - before)} replaced during the run"
        )
    finally:
        worker.terminate()
        worker.wait(30)
        DocumentJob.objects.filter(case=case).delete()
        connection.close()


if __name__ == "__main__":
    main()
