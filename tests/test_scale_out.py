"""More than one machine: two web processes (gunicorn) with separate, empty working
directories and a Celery worker in a third, sharing only PostgreSQL, Redis and an
S3-compatible bucket (moto's server). A family uploads through web A, a coordinator signs
in and downloads it through web B, the worker renders the case summary into the bucket,
and not one byte is written under any process's working directory."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from cases.models import Case, Document
from documents.models import DocumentJob
from intake import services as intake_services
from tests.factories import coordinator, pdf_bytes, submit_case
from tests.support import celery_worker_command, free_port, port_open, wait_for

ROOT = Path(__file__).resolve().parent.parent
PLAIN_STATIC_FILES = "django.contrib.staticfiles.storage.StaticFilesStorage"
PASSWORD = "correct horse battery staple"  # tests.factories.make_staff's
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def machine_env(cwd: Path, *, endpoint: str, bucket: str) -> dict:
    """What one machine is given: the shared services' addresses, and no shared disk. Its
    upload root points inside its own (checked, empty) working directory."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NAVIGATOR_"))}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "navigator.settings",
            "DJANGO_DEBUG": "0",
            # The same key as this test process: status links are hashed with it.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1, no TLS proxy here
            "DJANGO_SECURE_COOKIES": "0",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "NAVIGATOR_UPLOAD_ROOT": str(cwd / "uploads"),
            "NAVIGATOR_S3_BUCKET": bucket,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "navigator-test",
            "AWS_SECRET_ACCESS_KEY": "navigator-test-secret",
            "LOG_LEVEL": "WARNING",
            # A real deployment runs collectstatic into its image; here the files are read
            # from static/ in place (the manifest storage would refuse every page).
            "NAVIGATOR_STATICFILES_BACKEND": PLAIN_STATIC_FILES,
            "EMAIL_URL": "consolemail://",  # into the machine's log
            # Three processes start (and train the claims model) at once on a 2-core machine
            # other test runs share: the first render may take minutes, not seconds.
            "NAVIGATOR_RENDER_SOFT_LIMIT": "400",
            "NAVIGATOR_RENDER_HARD_LIMIT": "450",
        }
    )
    return env


def start_web(cwd: Path, port: int, env: dict, log) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "navigator.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--threads",
        "4",
        "--timeout",
        "120",
        # gunicorn's control socket lives in $HOME by default: two on one machine collide.
        "--no-control-socket",
    ]
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)


def log_tail(machines, name: str) -> str:
    return (machines["logs"] / f"{name}.log").read_text(errors="replace")[-4000:]


def answers(port: int) -> bool:
    """The web process serves requests (gunicorn listens before its worker has booted)."""
    if not port_open(port):
        return False
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*"))


@pytest.fixture
def world(postgres):
    """A case with its status link and a coordinator who signs in with a password and TOTP,
    made (and the claims gate warmed, for the confirmation e-mail) before the machines start
    and compete for this 2-core machine."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    alice = coordinator("alice")
    # The test settings hash with MD5 for speed; the machines run the real settings.
    alice.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt", iterations=1000)
    alice.save(update_fields=["password"])
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    token = intake_services.case_issue_status_link(case=case)
    return {"case": case, "token": token, "device": device}


@pytest.fixture
def machines(world, tmp_path, s3_endpoint, redis_url, postgres):
    import boto3

    from navigator.celery import app

    bucket = "navigator-scale-out"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="navigator-test",
        aws_secret_access_key="navigator-test-secret",
    )
    client.create_bucket(Bucket=bucket)
    dirs = {name: tmp_path / name for name in ("web-a", "web-b", "worker")}
    for path in dirs.values():
        path.mkdir()
    logs = tmp_path / "logs"  # outside every working directory
    logs.mkdir()
    ports = {"web-a": free_port(), "web-b": free_port()}
    app.control.purge()
    processes = {}
    try:
        for name in ("web-a", "web-b"):
            env = machine_env(dirs[name], endpoint=s3_endpoint, bucket=bucket)
            processes[name] = start_web(
                dirs[name], ports[name], env, (logs / f"{name}.log").open("wb")
            )
        env = machine_env(dirs["worker"], endpoint=s3_endpoint, bucket=bucket)
        processes["worker"] = subprocess.Popen(
            celery_worker_command("--pool=prefork", "--concurrency=1"),
            cwd=dirs["worker"],
            env=env,
            stdout=(logs / "worker.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for name, port in ports.items():
            process = processes[name]
            started = wait_for(lambda p=port, w=process: answers(p) or w.poll() is not None, 180)
            assert started and process.poll() is None, (logs / f"{name}.log").read_text()[-3000:]
        yield {
            "urls": {name: f"http://127.0.0.1:{port}" for name, port in ports.items()},
            "dirs": dirs,
            "bucket": bucket,
            "s3": client,
            "processes": processes,
            "logs": logs,
        }
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def test_two_web_machines_and_a_worker_share_only_the_database_redis_and_the_bucket(
    world, machines
):
    web_a, web_b = machines["urls"]["web-a"], machines["urls"]["web-b"]
    s3, bucket = machines["s3"], machines["bucket"]
    case, token, device = world["case"], world["token"], world["device"]

    # The family adds a report from their status page, through web A.
    family = requests.Session()
    status_path = reverse("intake:status", kwargs={"token": token})
    page = family.get(web_a + status_path, timeout=60)
    assert page.status_code == 200, log_tail(machines, "web-a")
    content = pdf_bytes(2, text="sent through web A")
    sent = family.post(
        web_a + status_path,
        data={"csrfmiddlewaretoken": csrf_token(page.text), "category": "imaging"},
        files={"files": ("scan-from-a.pdf", content, "application/pdf")},
        allow_redirects=False,
        timeout=60,
    )
    assert sent.status_code in (200, 302), log_tail(machines, "web-a")
    document = Document.objects.get(case=case, original_name="scan-from-a.pdf")
    stored = s3.get_object(Bucket=bucket, Key=document.file.name)
    assert stored["Body"].read() == content
    assert stored["ServerSideEncryption"] == "AES256"

    # The coordinator signs in on web B (password, then TOTP) and downloads it there.
    staff = requests.Session()
    login = staff.get(web_b + reverse("staff_login"), timeout=60)
    answer = staff.post(
        web_b + reverse("staff_login"),
        data={
            "csrfmiddlewaretoken": csrf_token(login.text),
            "username": "alice",
            "password": PASSWORD,
        },
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, log_tail(machines, "web-b")
    assert answer.headers["Location"].endswith(reverse("staff_verify"))
    verify = staff.get(web_b + reverse("staff_verify"), timeout=60)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    answer = staff.post(
        web_b + reverse("staff_verify"),
        data={"csrfmiddlewaretoken": csrf_token(verify.text), "code": code},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, log_tail(machines, "web-b")
    download = staff.get(
        web_b + reverse("cases:document_download", args=[case.reference, document.pk]),
        timeout=60,
    )
    assert download.status_code == 200
    assert download.content == content
    assert "no-store" in download.headers["Cache-Control"]

    # The summary, asked for on web A with the session web B opened, is rendered by the
    # worker into the bucket, and downloads from web B.
    workspace = staff.get(web_a + case.get_absolute_url(), timeout=60)
    assert workspace.status_code == 200
    asked = staff.post(
        web_a + reverse("documents:request_summary", args=[case.reference]),
        data={"csrfmiddlewaretoken": csrf_token(workspace.text)},
        allow_redirects=False,
        timeout=60,
    )
    assert asked.status_code == 302
    job = DocumentJob.objects.get(case=case, kind=DocumentJob.Kind.CASE_SUMMARY)
    assert wait_for(lambda: DocumentJob.objects.get(pk=job.pk).status == "ready", 420), (
        DocumentJob.objects.get(pk=job.pk).last_error,
        log_tail(machines, "worker"),
    )
    job.refresh_from_db()
    in_bucket = s3.get_object(Bucket=bucket, Key=job.file.name)["Body"].read()
    assert case.reference in PdfReader(io.BytesIO(in_bucket)).pages[0].extract_text()
    pdf = staff.get(
        web_b + reverse("documents:job_download", args=[case.reference, job.pk]), timeout=60
    )
    assert pdf.status_code == 200 and pdf.content == in_bucket

    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert keys == {document.file.name, job.file.name}
    for name, path in machines["dirs"].items():
        assert files_under(path) == [], name
