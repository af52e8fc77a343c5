"""Project-level views: the rate-limit page and the health check."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from core import storage

HEARTBEAT_KEY = "navigator:worker-heartbeat"
HEARTBEAT_STALE_AFTER = 180  # seconds: beat sends one every 30 s


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)


def healthz(request):
    """For load balancers: the state of the database, Redis, the file storage and the
    workers, no data. A bucket that cannot be reached is reported but does not make the
    process unhealthy: every replica shares the bucket, so taking them all out of the load
    balancer would stop the pages that need no file too (an upload meanwhile is refused
    with a clear message and nothing kept)."""
    checks = {"database": "ok", "redis": "not configured", "worker": "in-process"}
    checks["storage"] = storage.probe()
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
        healthy = False
    if settings.REDIS_URL:
        try:
            cache.set("navigator:healthz", "1", 10)
            checks["redis"] = "ok" if cache.get("navigator:healthz") == "1" else "error"
        except Exception:  # noqa: BLE001
            checks["redis"] = "error"
        healthy = healthy and checks["redis"] == "ok"
        try:
            beat = cache.get(HEARTBEAT_KEY)
        except Exception:  # noqa: BLE001
            beat = None
        if beat is None:
            checks["worker"] = "no heartbeat"
        else:
            age = time.time() - float(beat)
            checks["worker"] = "ok" if age < HEARTBEAT_STALE_AFTER else f"stale ({age:.0f} s)"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
