"""Readiness checks: can this process reach the services it needs to answer requests?"""

import logging
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import connections

logger = logging.getLogger(__name__)


def unreachable_databases():
    """Name each database alias that fails a trivial round trip."""
    return [
        f"database {alias!r}"
        for alias in connections
        if not _answers(f"database {alias!r}", _query, connections[alias])
    ]


def cache_answers():
    """Whether the cache keeps what is written to it.

    A cache that does not answer costs speed, not pages (caching/backends.py), so
    readyz reports it as degraded rather than take this server out of service.
    """
    return _answers("cache", _set_and_get)


# Checks other apps add (the worker app adds the task queue's): each returns what it
# finds wrong, or None. What they find degrades this server but keeps it in service.
degraded_checks: list[Callable[[], str | None]] = []


def degraded_services():
    """What the added checks find wrong; a check that raises is named as failing."""
    problems = []
    for check in degraded_checks:
        try:
            problem = check()
        except Exception:
            logger.exception("Readiness check failed: %s", check.__name__)
            problem = f"{check.__name__} (the check failed)"
        if problem:
            problems.append(problem)
    return problems


def _answers(service, check, *args):
    # Any error counts as down: a readiness probe reports, it never raises. The
    # details go to the log, not to whoever polls the probe.
    try:
        return check(*args)
    except Exception:
        logger.exception("Readiness check failed: %s", service)
        return False


def _query(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _set_and_get():
    # A key of its own per check, so that concurrent probes cannot disturb each other.
    key = f"readyz:{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=10)
    answered = cache.get(key) == "ok"
    cache.delete(key)
    return answered
