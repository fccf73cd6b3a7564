"""A Redis cache that degrades: while Redis is unreachable, pages render uncached.

Django's own RedisCache raises when Redis does not answer, which would turn a cache
outage into error pages. Here a read that fails is a miss and a write that fails is
skipped, with a warning in the log (caching/backends.py); /readyz reports the
cache as degraded.

One trade-off to know: a key deleted while Redis was away (a post's cached fragment,
a session ended at log-out) comes back with Redis if Redis kept its data. Clear the
cache after such an outage: `python manage.py shell -c "from django.core.cache
import cache; cache.clear()"`.
"""

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .backends import DegradingCacheMixin


class DegradingRedisCache(DegradingCacheMixin, RedisCache):
    """Django's RedisCache, but an unreachable Redis reads as a miss, not an error."""

    # Only an unreachable Redis is forgiven; any other error is a bug and raises.
    failures = (RedisConnectionError, RedisTimeoutError)
