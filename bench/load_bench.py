"""Load and fault runs against a real stack: gunicorn on PostgreSQL, a Celery worker with
beat, and a Redis server of the run's own (so it can be stopped without touching others).

    .venv/bin/python bench/load_bench.py --clients 20 --inquiries 500
    .venv/bin/python bench/load_bench.py --clients 20 --inquiries 500 --faults

Each client walks the whole inquiry over HTTP with a 1 MB PDF. With --faults, halfway
through the Celery worker is killed (SIGKILL) and started again, and Redis is stopped for
--redis-down seconds; a summary PDF is requested for every case as well. Afterwards it
checks that nothing was lost: every inquiry is a case with a unique reference, routing
kept to capacity, each confirmation e-mail was sent once, each summary rendered once.
Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
"""

import argparse
import http.cookiejar
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import celery_worker_command, child_pids, wait_for  # noqa: E402

PDF_SIZE = 1024 * 1024


def one_mb_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Subject": "x" * (PDF_SIZE - 2000)})  # padding to about 1 MB
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class Family:
    """One browser's worth of HTTP: cookies, CSRF token, forms and a multipart upload."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict, files: dict | None = None) -> tuple[str, str]:
        headers = {"X-CSRFToken": self._csrf(), "Referer": self.base + path}
        if files:
            boundary = uuid.uuid4().hex
            body = io.BytesIO()
            for name, value in fields.items():
                for item in value if isinstance(value, list) else [value]:
                    body.write(
                        f"--{boundary}\r\nContent-Disposition: form-data; "
                        f'name="{name}"\r\n\r\n{item}\r\n'.encode()
                    )
            for name, (filename, content, content_type) in files.items():
                body.write(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                )
                body.write(content + b"\r\n")
            body.write(f"--{boundary}--\r\n".encode())
            data = body.getvalue()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            data = urllib.parse.urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        with self.opener.open(request, timeout=120) as response:
            return response.geturl(), response.read().decode()


def inquiry(base: str, number: int, pdf: bytes) -> tuple[str, float]:
    """Walk the wizard; returns the reference and the time the final submit took."""
    family = Family(base)
    family.get("/inquiry/step/about/")
    step = "/inquiry/step/{}/"
    current = "inquiry_wizard-current_step"
    family.post(
        step.format("about"),
        {
            current: "about",
            "about-role": "family",
            "about-full_name": f"Load Family {number}",
            "about-email": f"load{number}@example.org",
            "about-phone": "+34612345678",
            "about-country": "ES",
            "about-preferred_language": "en",
            "about-contact_method": "email",
            "about-time_zone": "Europe/Madrid",
        },
    )
    family.post(
        step.format("patient"),
        {
            current: "patient",
            "patient-full_name": f"Load Patient {number}",
            "patient-date_of_birth": "1960-01-01",
            "patient-sex": "female",
            "patient-country_of_residence": "ES",
            "patient-current_location": "Home",
        },
    )
    family.post(
        step.format("diagnosis"),
        {
            current: "diagnosis",
            "diagnosis-condition": "dlbcl",
            "diagnosis-condition_other": "",
            "diagnosis-diagnosed_on": "2024-01-01",
            "diagnosis-relapsed_or_refractory": "yes",
            "diagnosis-ecog": "1",
            "diagnosis-urgency": "soon",
        },
    )
    family.post(
        step.format("treatment"),
        {
            current: "treatment",
            "treatment-TOTAL_FORMS": "0",
            "treatment-INITIAL_FORMS": "0",
            "treatment-MIN_NUM_FORMS": "0",
            "treatment-MAX_NUM_FORMS": "50",
        },
    )
    family.post(
        step.format("reports"),
        {current: "reports", "reports-category": "pathology"},
        files={"reports-files": ("report.pdf", pdf, "application/pdf")},
    )
    family.post(
        step.format("help"),
        {
            current: "help",
            "help-help_topics": ["clinical_trials"],
            "help-help_details": "",
            "help-consent_data": "on",
            "help-acknowledge_no_guarantee": "on",
        },
    )
    review = family.get(step.format("review"))
    draft = re.search(r'name="inquiry_draft" value="([^"]+)"', review).group(1)
    started = time.perf_counter()
    url, page = family.post(step.format("review"), {current: "review", "inquiry_draft": draft})
    elapsed = time.perf_counter() - started
    match = re.search(r"NAV-\d{4}-\d{6}", page)
    if not match:
        raise RuntimeError(f"inquiry {number} ended at {url} without a reference")
    return match.group(), elapsed


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def run(
    *,
    clients: int,
    inquiries: int,
    faults: bool,
    redis_down: float,
    port: int = 8077,
    redis_port: int = 6391,
    database: str = "navigator_load",
    verbose: bool = True,
) -> dict:
    say = print if verbose else (lambda *a, **k: None)
    work = Path(tempfile.mkdtemp(prefix="navigator-load-"))
    mail_dir = work / "mail"
    mail_dir.mkdir()
    server = os.environ.get("LOAD_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "navigator.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-bench-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": f"{server}/{database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        # django-environ reads filemail:///x as a relative path; four slashes make it absolute.
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "NAVIGATOR_UPLOAD_ROOT": str(work / "uploads"),
        "NAVIGATOR_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "NAVIGATOR_RATE_INQUIRY": "1000000/h",
        "NAVIGATOR_SWEEP_GRACE_MINUTES": "1",
        "NAVIGATOR_JOB_STUCK_MINUTES": "1",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(
        {
            k: env[k]
            for k in (
                "DJANGO_SETTINGS_MODULE",
                "DATABASE_URL",
                "REDIS_URL",
                "DJANGO_SECRET_KEY",
                "NAVIGATOR_UPLOAD_ROOT",
            )
        }
    )
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    capacity = inquiries // 3 + 5
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            (
                "from django.contrib.auth.models import User, Group\n"
                "from cases.models import CoordinatorProfile\n"
                "for n in range(3):\n"
                f"    u = User.objects.create_user(f'load{{n}}', password='x' * 20)\n"
                "    u.groups.add(Group.objects.get(name='Coordinators'))\n"
                "    CoordinatorProfile.objects.create(\n"
                f"        user=u, languages=['en'], capacity={capacity})\n"
            ),
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )

    def start_redis():
        return subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(work),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start_worker():
        return subprocess.Popen(
            celery_worker_command("--beat", "--concurrency=2", "-s", str(work / "beat-schedule")),
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=open(work / "worker.log", "ab"),
        )

    redis = start_redis()
    time.sleep(1)
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "navigator.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "3",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(work / "gunicorn.log", "ab"),
    )
    worker = start_worker()
    base = f"http://127.0.0.1:{port}"
    assert wait_for(lambda: _up(base), 60, 0.5), "gunicorn did not start"

    pdf = one_mb_pdf()
    results: list[tuple[str, float]] = []
    errors: list[str] = []
    peak_web_mb = 0.0
    done = threading.Event()
    clients_done = threading.Event()
    lock = threading.Lock()
    counter = iter(range(inquiries))

    def client():
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                return
            try:
                outcome = inquiry(base, number, pdf)
                with lock:
                    results.append(outcome)
            except Exception as error:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{number}: {type(error).__name__}: {error}")

    def sample_memory():
        nonlocal peak_web_mb
        while not done.is_set():
            for pid in child_pids(gunicorn.pid):
                peak_web_mb = max(peak_web_mb, rss_mb(pid))
            time.sleep(0.5)

    faults_done = []

    def inject_faults():
        nonlocal worker, redis
        wait_for(lambda: len(results) >= inquiries // 3, 3600, 0.2)
        say(f"fault: killing the worker at {len(results)} inquiries")
        for pid in child_pids(worker.pid) + [worker.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        worker.wait()
        time.sleep(3)
        worker = start_worker()
        faults_done.append("worker killed and restarted")
        say(f"fault: stopping Redis for {redis_down:.0f} s")
        subprocess.run(
            ["redis-cli", "-p", str(redis_port), "shutdown", "save"],
            capture_output=True,
            timeout=30,
        )
        redis.wait(30)
        time.sleep(redis_down)
        redis = start_redis()
        faults_done.append(f"Redis stopped for {redis_down:.0f} s")

    import django

    django.setup()
    from django.db import connection

    from cases.models import Case
    from documents import services as documents
    from documents.models import DocumentJob

    def request_summaries():
        """With --faults, ask for a case summary for each new case while the run goes on
        (through Redis, so some requests meet the outage and must wait for the sweep)."""
        while True:
            finished = clients_done.is_set()
            for case in Case.objects.filter(document_jobs__isnull=True):
                documents.job_request_case_summary(case=case, by=None)
            if finished:
                break
            time.sleep(0.5)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    sampler = threading.Thread(target=sample_memory)
    requester = threading.Thread(target=request_summaries) if faults else None
    fault_thread = threading.Thread(target=inject_faults) if faults else None
    started = time.perf_counter()
    sampler.start()
    if requester:
        requester.start()
    if fault_thread:
        fault_thread.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if fault_thread:
        fault_thread.join()
    clients_done.set()
    if requester:
        requester.join()
    settle = 600 if faults else 300

    def confirmations_sent() -> int:
        pattern = r"We received your inquiry \((NAV-\d{4}-\d{6})\)"
        return sum(
            len(re.findall(pattern, p.read_text(errors="replace"))) for p in mail_dir.iterdir()
        )

    all_sent = wait_for(
        lambda: (
            confirmations_sent() >= len(results)
            and not Case.objects.filter(coordinator__isnull=True, routed_at__isnull=True).exists()
            and not DocumentJob.objects.exclude(status="ready").exists()
        ),
        settle,
        2,
    )
    done.set()
    sampler.join()

    references = [reference for reference, _ in results]
    submit_times = sorted(t for _, t in results)
    mails = [p.read_text(errors="replace") for p in mail_dir.iterdir()]
    confirmations = {}
    for text in mails:
        for reference in re.findall(r"We received your inquiry \((NAV-\d{4}-\d{6})\)", text):
            confirmations[reference] = confirmations.get(reference, 0) + 1
    loads = {}
    for coordinator_id in Case.objects.values_list("coordinator_id", flat=True):
        loads[coordinator_id] = loads.get(coordinator_id, 0) + 1
    summary_files = list((work / "uploads" / "generated").rglob("*.pdf")) if faults else []
    report = {
        "inquiries": inquiries,
        "clients": clients,
        "errors": errors,
        "cases": Case.objects.count(),
        "unique_references": len(set(references)),
        "max_load": max((n for cid, n in loads.items() if cid), default=0),
        "capacity": capacity,
        "confirmations_once": sum(1 for n in confirmations.values() if n == 1),
        "confirmations_more_than_once": sum(1 for n in confirmations.values() if n > 1),
        "settled": all_sent,
        "submit_median_ms": statistics.median(submit_times) * 1000 if submit_times else None,
        "submit_p95_ms": submit_times[int(len(submit_times) * 0.95) - 1] * 1000
        if submit_times
        else None,
        "wall_s": wall,
        "peak_web_process_mb": peak_web_mb,
        "faults": faults_done,
        "summaries_ready": DocumentJob.objects.filter(status="ready").count() if faults else None,
        "summary_files": len(summary_files),
        "summary_attempts_over_1": DocumentJob.objects.filter(attempts__gt=1).count()
        if faults
        else None,
        # What kept the run from settling, if it did not: read when "settled" is false.
        "unsettled": {
            "confirmations_sent": confirmations_sent(),
            "unrouted": Case.objects.filter(
                coordinator__isnull=True, routed_at__isnull=True
            ).count(),
            "jobs": list(
                DocumentJob.objects.exclude(status="ready").values(
                    "pk", "status", "attempts", "last_error"
                )[:10]
            ),
        },
    }
    for process in (gunicorn, worker):
        process.terminate()
    for process in (gunicorn, worker):
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    subprocess.run(["redis-cli", "-p", str(redis_port), "shutdown", "nosave"], capture_output=True)
    from django.db import connections

    connections.close_all()
    return report


def _up(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
            return response.status in (200, 503)
    except Exception:  # noqa: BLE001 - not up yet
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--inquiries", type=int, default=500)
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--redis-down", type=float, default=30)
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args()
    report = run(
        clients=args.clients,
        inquiries=args.inquiries,
        faults=args.faults,
        redis_down=args.redis_down,
    )
    if args.json:
        print("RESULT " + json.dumps(report))
        return
    for key, value in report.items():
        if key == "errors":
            print(f"errors: {len(value)}")
            for line in value[:10]:
                print(f"  {line}")
        elif isinstance(value, float):
            print(f"{key}: {value:.1f}")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
