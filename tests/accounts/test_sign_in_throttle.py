"""With Redis gone, staff sign-in is still throttled (failed sign-ins counted in the audit
trail); families' forms keep failing open."""

import pytest
from django.test import Client
from django.urls import reverse

from core.ratelimits import parse_rate

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
CACHES_WITHOUT_REDIS = {
    # ours: a dead Redis is a miss
    "forgiving": {"BACKEND": "navigator.cache.ForgivingRedisCache", "LOCATION": NOBODY_LISTENS},
    # Django's own: a dead Redis raises
    "raising": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": NOBODY_LISTENS,
    },
}


@pytest.fixture(params=sorted(CACHES_WITHOUT_REDIS))
def redis_gone(request, settings):
    settings.CACHES = {"default": CACHES_WITHOUT_REDIS[request.param]}
    settings.NAVIGATOR_RATES = {
        **settings.NAVIGATOR_RATES,
        "staff_sign_in": "3/h",
        "status_link": "1/h",
    }


def wrong_password(client, n, address="198.51.100.7"):
    # A new username each time: django-axes locks one username, the rate limit the address.
    return client.post(
        reverse("staff_login"),
        {"username": f"guess{n}", "password": "wrong"},
        REMOTE_ADDR=address,
    )


def test_with_redis_gone_staff_sign_in_is_still_throttled(redis_gone):
    client = Client()
    for n in range(3):
        assert wrong_password(client, n).status_code == 200
    refused = wrong_password(client, 3)
    assert refused.status_code == 429
    assert "Please wait a little before trying again" in refused.content.decode()
    # Another address has its own count.
    assert wrong_password(Client(), 4, address="203.0.113.9").status_code == 200


def test_with_redis_gone_family_posts_still_work(redis_gone):
    client = Client()
    for _ in range(3):
        response = client.post(
            reverse("intake:status_link_request"),
            {"reference": "NAV-2026-000001", "email": "a@example.org"},
        )
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("30/h", (30, 3600)), ("5/m", (5, 60)), ("10/15m", (10, 900)), ("2/d", (2, 86400))],
)
def test_rates_read_like_django_ratelimit(rate, expected):
    assert parse_rate(rate) == expected
