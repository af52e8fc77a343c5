"""A Redis cache that keeps the site up when Redis is not.

The cache holds nothing that must survive (rate-limit counters, rendered article HTML), so
when Redis is away a read is a miss and a write is skipped, with a warning in the log,
instead of an error page for a family in the middle of an inquiry. The families' rate limits
fail open for that time (RATELIMIT_FAIL_OPEN); staff sign-in counts failures in the
database instead (accounts/throttle.py).
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _forgiving(method_name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(RedisCache, method_name)(self, *args, **kwargs)
        except RedisError as error:
            logger.warning(
                "cache %s failed (%s); carrying on without the cache",
                method_name,
                type(error).__name__,
            )
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = method_name
    return method


class ForgivingRedisCache(RedisCache):
    get = _forgiving("get", lambda key, default=None, version=None: default)
    get_many = _forgiving("get_many", {})
    set = _forgiving("set", None)
    add = _forgiving("add", False)
    incr = _forgiving("incr", None)
    delete = _forgiving("delete", False)
    touch = _forgiving("touch", False)
    set_many = _forgiving("set_many", [])
    delete_many = _forgiving("delete_many", None)
    has_key = _forgiving("has_key", False)
    clear = _forgiving("clear", False)
