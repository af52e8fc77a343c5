"""navigator/celery.py: a worker child takes what it keeps (Django, the claims model,
WeasyPrint's caches) out of the garbage collector's way once, after warming up."""

import gc
import threading

import pytest

from navigator import celery


def test_a_worker_child_freezes_its_heap_once_the_model_is_trained(monkeypatch):
    gc.unfreeze()
    monkeypatch.setattr(celery, "_warmed", threading.Event())
    monkeypatch.setattr(celery, "_frozen", False)
    try:
        celery._freeze_after_warm_up()
        assert gc.get_freeze_count() == 0  # the model is still training: not yet
        celery._warmed.set()
        celery._freeze_after_warm_up()
        frozen = gc.get_freeze_count()
        assert frozen > 1000
        kept = [[n] for n in range(5000)]  # objects made after the freeze
        celery._freeze_after_warm_up()
        # Once only: later garbage stays collectable. (The count may fall a little, as
        # frozen objects are still freed when nothing refers to them.)
        assert gc.get_freeze_count() <= frozen
        assert kept
    finally:
        gc.unfreeze()


@pytest.mark.django_db
def test_a_worker_trains_the_model_once_for_all_its_children(redis_url, postgres):
    """Training happens in the worker's main process before the pool forks: two children,
    and the one that replaces a killed child, all start with the model in memory."""
    import os
    import signal
    import subprocess

    from django.conf import settings
    from django.db import connection

    from tests.support import celery_worker_command, child_pids, wait_for

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "navigator.settings",
        "DJANGO_SECRET_KEY": "worker-test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "LOG_LEVEL": "INFO",
    }
    worker = subprocess.Popen(
        celery_worker_command("--pool=prefork", "--concurrency=2", "--loglevel=INFO"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        from navigator.celery import app

        # Up and answering, children and all, before one of them is killed.
        assert wait_for(lambda: bool(app.control.ping(timeout=1)), 300)
        assert wait_for(lambda: len(child_pids(worker.pid)) == 2, 60)
        first = child_pids(worker.pid)
        os.kill(first[0], signal.SIGKILL)
        assert wait_for(
            lambda: (
                len(set(child_pids(worker.pid)) - set(first)) == 1
                and len(child_pids(worker.pid)) == 2
            ),
            120,
        )
    finally:
        worker.terminate()
        try:
            _, log = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            _, log = worker.communicate()
    trained = [line for line in log.splitlines() if "claims model trained" in line]
    assert len(trained) == 1, log[-3000:]
    assert f"(process {worker.pid})" in trained[0]
