"""navigator/wsgi.py under `gunicorn --preload`, as Compose runs it: the main process
trains the claims model once, before it forks its workers, and they answer with it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.support import child_pids, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_a_preloading_web_server_trains_the_model_once_for_all_its_workers(postgres, tmp_path):
    port = free_port()
    db = connection.settings_dict
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "navigator.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "wsgi-test",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "NAVIGATOR_UPLOAD_ROOT": str(tmp_path / "uploads"),
        "LOG_LEVEL": "INFO",
        "NAVIGATOR_TRAIN_BEFORE_FORK": "1",
    }
    log_path = tmp_path / "web.log"
    with log_path.open("w") as log:
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "navigator.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--preload",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:

            def healthy():
                try:
                    return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok
                except requests.RequestException:
                    return False

            assert wait_for(healthy, 300), log_path.read_text()[-3000:]
            assert wait_for(lambda: len(child_pids(web.pid)) == 2, 60)
        finally:
            web.terminate()
            web.wait(30)
    trained = [line for line in log_path.read_text().splitlines() if "claims model trained" in line]
    assert len(trained) == 1, log_path.read_text()[-3000:]
    assert f"(process {web.pid})" in trained[0]  # the main process, before the fork
