"""The caches: the one every app server shares, and each worker's page fragments.

base.py imports CACHES from here; test.py replaces the shared one.
"""

from pathlib import Path

import environ

env = environ.Env()
project_dir = Path(__file__).resolve().parent.parent.parent
{%- if cookiecutter.cache == "redis" %}

# Redis at REDIS_URL, one cache shared by every app server. A Redis that does not
# answer within a quarter second counts as a cache miss, and is then left alone for
# RETRY_SECONDS (caching/redis_backend.py): pages still render, without waiting.
CACHES = {
    "default": {
        "BACKEND": "{{ cookiecutter.project_slug }}.caching.redis_backend.DegradingRedisCache",
        "LOCATION": env("REDIS_URL", default="redis://127.0.0.1:6379/0"),
        "RETRY_SECONDS": 5,
    },
}
{%- else %}

# Files in a folder by default: gunicorn's worker processes must share one cache, or
# a change one worker sees (a post published) would leave the others' cached pages
# stale. Several machines need a cache server instead, such as Redis.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL", default=f"filecache://{project_dir / 'cache'}"
    )
}
# A folder that cannot be written (a full disk, say) costs speed, not pages; the
# files are bounded in number and in bytes, so the cache cannot fill that disk.
if CACHES["default"]["BACKEND"].endswith(".filebased.FileBasedCache"):
    CACHES["default"] |= {
        "BACKEND": "{{ cookiecutter.project_slug }}.caching.backends.DegradingFileBasedCache",
        "OPTIONS": {
            "MAX_ENTRIES": env.int("DJANGO_CACHE_MAX_ENTRIES", default=1000),
            "MAX_BYTES": env.int("DJANGO_CACHE_MAX_MB", default=100) * 1024 * 1024,
            **CACHES["default"].get("OPTIONS", {}),
        },
    }
{%- endif %}

# Page fragments (the templates' cache tag) are kept in each worker's memory, read in
# microseconds: their keys hold the pages' generation (caching/generation.py), read from
# the shared cache above, so a change on any node makes every copy unreachable at once.
# 300 of at most 16 kB: about 5 MB a worker at most.
CACHES["template_fragments"] = {
    "BACKEND": "{{ cookiecutter.project_slug }}.caching.backends.BoundedMemoryCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 300, "MAX_VALUE_BYTES": 16 * 1024},
}
# No session is kept in a cache: each request reads its session from the database, so
# a log-out or a password change ends it on every node at once, even while the cache
# fails (a copy kept in Redis could come back with it).
