"""A Redis cache that degrades: while Redis is unreachable, pages render uncached.

Django's own RedisCache raises when Redis does not answer, which would turn a cache
outage into error pages. Here a read that fails is a miss and a write that fails is
skipped, with a warning in the log; /readyz still reports the cache as down.

One trade-off to know: a key deleted while Redis was away (a post's cached fragment,
a session ended at log-out) comes back with Redis if Redis kept its data. Clear the
cache after such an outage: `python manage.py shell -c "from django.core.cache
import cache; cache.clear()"`.
"""

import contextlib
import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _skipped_if_redis_is_down(operation):
    # Only an unreachable Redis is forgiven; any other error is a bug and raises.
    try:
        yield
    except (RedisConnectionError, RedisTimeoutError) as error:
        logger.warning("Cache %s skipped, Redis is unreachable: %s", operation, error)


class DegradingRedisCache(RedisCache):
    """Django's RedisCache, but an unreachable Redis reads as a miss, not an error.

    Each method returns what it would for a missing key when Redis is down. incr()
    is left to raise: a counter that silently stops counting would be worse.
    """

    def get(self, key, default=None, version=None):
        with _skipped_if_redis_is_down("get"):
            return super().get(key, default, version)
        return default

    def get_many(self, keys, version=None):
        with _skipped_if_redis_is_down("get_many"):
            return super().get_many(keys, version)
        return {}

    def has_key(self, key, version=None):
        with _skipped_if_redis_is_down("has_key"):
            return super().has_key(key, version)
        return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with _skipped_if_redis_is_down("add"):
            return super().add(key, value, timeout, version)
        return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with _skipped_if_redis_is_down("set"):
            super().set(key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        with _skipped_if_redis_is_down("set_many"):
            return super().set_many(data, timeout, version)
        return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        with _skipped_if_redis_is_down("touch"):
            return super().touch(key, timeout, version)
        return False

    def delete(self, key, version=None):
        with _skipped_if_redis_is_down("delete"):
            return super().delete(key, version)
        return False

    def delete_many(self, keys, version=None):
        with _skipped_if_redis_is_down("delete_many"):
            super().delete_many(keys, version)

    def clear(self):
        with _skipped_if_redis_is_down("clear"):
            return super().clear()
        return False
