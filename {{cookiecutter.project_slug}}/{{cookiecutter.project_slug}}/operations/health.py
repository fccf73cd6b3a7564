"""Readiness checks: can this process do what a request needs?

CHECKS lists them, each with a name. A required check that fails takes this server
out of service (readyz answers 503); any other only degrades it, as the pages still
render without it. Other apps add checks of their own to degraded_checks. Every check answers within about a second: a probe that hangs
would tell the load balancer nothing.
"""

import logging
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# How long the database check waits for another writer's lock before it gives up.
LOCK_WAIT_MILLISECONDS = 1000


@dataclass(frozen=True)
class Check:
    name: str
    passes: Callable[[], bool]
    required: bool = True


def database_accepts_writes():
    """Whether the database would accept a write now.

    A SELECT succeeds on a database that refuses every write (a read-only file or
    replica, a lock a stuck process holds), while a log-in, a comment or a sign-up
    writes. So this writes a session row, as a log-in does, and rolls it back.
    """
    with _lock_wait_bounded(), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # LOCAL: both end with this transaction.
                cursor.execute(f"SET LOCAL lock_timeout = {LOCK_WAIT_MILLISECONDS}")
                cursor.execute(
                    f"SET LOCAL statement_timeout = {2 * LOCK_WAIT_MILLISECONDS}"
                )
        Session.objects.create(
            session_key=f"readyz{secrets.token_hex(16)}",
            session_data="",
            expire_date=timezone.now(),
        )
        transaction.set_rollback(True)
    return True


def cache_answers():
    """Whether the cache keeps what is written to it.

    Bounded by the cache's own time-outs; while a failed cache rests
    (caching/backends.py), this answers False at once.
    """
    # A key of its own per check, so that concurrent probes cannot disturb each other.
    key = f"readyz:{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=10)
    answered = cache.get(key) == "ok"
    cache.delete(key)
    return answered


CHECKS = [
    Check("database 'default'", database_accepts_writes),
    Check("cache", cache_answers, required=False),
]


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


def passes(check):
    """Run one check. Any error counts as a failure: a readiness probe reports, it
    never raises. The details go to the log, not to whoever polls the probe."""
    try:
        return check.passes()
    except Exception:
        logger.exception("Readiness check failed: %s", check.name)
        return False


@contextmanager
def _lock_wait_bounded():
    # SQLite waits for a lock as long as the connection's busy timeout (seconds, for
    # requests that must not fail); the probe waits less. PostgreSQL's wait is set
    # inside the transaction, above.
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (usual,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MILLISECONDS}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(usual)}")
