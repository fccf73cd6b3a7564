"""Tests of the health probes: liveness touches nothing, readiness names what is down."""

import time
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.urls import reverse

# Readiness answers within this, whatever fails: the checks' own waits, and margin.
READYZ_BOUND_SECONDS = 3


def test_liveness_answers_ok_without_database_or_session(client):
    # No django_db mark: any database query here would fail the test.
    response = client.get(reverse("operations:healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_answers_ok_when_database_and_cache_answer(client):
    response = client.get(reverse("operations:readyz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies


@pytest.mark.django_db
def test_readiness_reports_a_failing_cache_as_degraded(client, tmp_path):
    # A cache folder below a regular file can never be created: every write fails.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    broken_cache = {
        "BACKEND": "{{ cookiecutter.project_slug }}.caching.backends.DegradingFileBasedCache",
        "LOCATION": str(blocker / "cache"),
    }

    with override_settings(
        CACHES={"default": broken_cache},
        SESSION_ENGINE="django.contrib.sessions.backends.db",
    ):
        response = client.get(reverse("operations:readyz"))

    # Pages still render without a cache: the server stays in service.
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"degraded: cache"


@pytest.mark.django_db
def test_readiness_answers_503_naming_an_unreachable_database(client, monkeypatch):
    def refuse(*args):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)

    response = client.get(reverse("operations:readyz"))

    assert response.status_code == 503
    assert response.content == b"unavailable: database 'default'"


@contextmanager
def read_only_database():
    """The database refuses every write, as a read-only file or replica does."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET default_transaction_read_only = off")


@contextmanager
def database_locked_by_another_connection():
    """Another connection holds the lock a writer needs, and keeps it."""
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        if holder.vendor == "sqlite":
            # Writing takes SQLite's one write lock until the transaction ends.
            cursor.execute("DELETE FROM django_session")
        else:
            cursor.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def timed_readyz(client):
    started = time.monotonic()
    response = client.get(reverse("operations:readyz"))
    return response, time.monotonic() - started


# Outside a test transaction: the probe's own transaction must be a real one.
@pytest.mark.django_db(transaction=True)
def test_readiness_answers_503_while_the_database_is_read_only(client):
    with read_only_database():
        response, seconds = timed_readyz(client)

    assert (response.status_code, response.content) == (
        503,
        b"unavailable: database 'default'",
    )
    assert seconds < READYZ_BOUND_SECONDS
    # Nothing of the probe stays behind once the database takes writes again.
    assert client.get(reverse("operations:readyz")).content == b"ok"


@pytest.mark.django_db(transaction=True)
def test_readiness_answers_503_within_a_bound_while_the_database_is_locked(client):
    with database_locked_by_another_connection():
        response, seconds = timed_readyz(client)

    assert (response.status_code, response.content) == (
        503,
        b"unavailable: database 'default'",
    )
    assert seconds < READYZ_BOUND_SECONDS
    assert client.get(reverse("operations:readyz")).content == b"ok"
