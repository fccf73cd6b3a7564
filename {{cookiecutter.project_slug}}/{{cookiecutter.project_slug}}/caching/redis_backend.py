"""A Redis cache that degrades: while Redis is unreachable, pages render uncached.

Django's own RedisCache raises when Redis does not answer, which would turn a cache
outage into error pages. Here a read that fails is a miss and a write that fails is
skipped, with a warning in the log (caching/backends.py); /readyz reports the
cache as degraded. A Redis that hangs (stopped, or behind a lost network) is one
that does not answer within TIMEOUT_SECONDS; after that, the cache rests for its
RETRY_SECONDS and pages render uncached without waiting.

One trade-off to know: a key deleted or replaced while Redis was away comes back with
Redis if Redis kept its data, so a page or fragment cached before a post changed
during the outage may show until its time-out (300 s). Sessions are never kept here
(they are read from the database), so no log-out is undone. To drop such copies at
once: `python manage.py shell -c "from django.core.cache import cache; cache.clear()"`.
"""

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .backends import DegradingCacheMixin


class DegradingRedisCache(DegradingCacheMixin, RedisCache):
    """Django's RedisCache, but an unreachable Redis reads as a miss, not an error."""

    # Only an unreachable Redis is forgiven; any other error is a bug and raises.
    failures = (RedisConnectionError, RedisTimeoutError)
    # Redis on the local network answers in about a millisecond: a quarter second
    # is plenty, and all a hung Redis costs a worker per retry interval. OPTIONS
    # in the settings may set other values.
    TIMEOUT_SECONDS = 0.25

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": self.TIMEOUT_SECONDS,
            "socket_timeout": self.TIMEOUT_SECONDS,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
