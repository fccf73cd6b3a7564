"""Tests of the degrading Redis cache: with Redis down, pages render uncached."""

import logging
import socket
import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

# Nothing listens on port 1 of this machine: every connection is refused at once.
REDIS_DOWN = {
    "default": {
        "BACKEND": "{{ cookiecutter.project_slug }}.caching.redis_backend.DegradingRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.fixture
def cache_without_redis():
    with override_settings(CACHES=REDIS_DOWN):
        yield caches["default"]


def test_reads_miss_and_writes_are_skipped_with_a_warning(cache_without_redis, caplog):
    cache = cache_without_redis

    with caplog.at_level(logging.WARNING):
        cache.set("greeting", "hello")
        results = {
            "get": cache.get("greeting", "missed"),
            "get_many": cache.get_many(["greeting"]),
            "has_key": cache.has_key("greeting"),
            "add": cache.add("greeting", "hello"),
            "set_many": cache.set_many({"a": 1, "b": 2}),
            "touch": cache.touch("greeting"),
            "delete": cache.delete("greeting"),
            "get_or_set": cache.get_or_set("greeting", "computed"),
        }
        cache.delete_many(["a", "b"])
        cache.clear()

    assert results == {
        "get": "missed",
        "get_many": {},
        "has_key": False,
        "add": False,
        "set_many": ["a", "b"],
        "touch": False,
        "delete": False,
        "get_or_set": "computed",
    }
    # One warning for the whole outage, not one per use: the log stays readable.
    [warning] = [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING
    ]
    assert warning.startswith("The cache failed (set: Error 111 connecting")


def test_a_counter_still_raises(cache_without_redis):
    with pytest.raises(RedisConnectionError):
        cache_without_redis.incr("visits")


@pytest.mark.django_db
def test_pages_render_and_sessions_hold_while_redis_is_down(client, user):
    client.force_login(user)

    with override_settings(CACHES=REDIS_DOWN):
        home = client.get(reverse("core:home"))
        ready = client.get(reverse("operations:readyz"))

    assert home.status_code == 200
    # The session is read from the database when the cache misses: still logged in.
    assert home.context["user"] == user
    assert (ready.status_code, ready.content) == (200, b"degraded: cache")


@pytest.fixture
def hung_redis():
    """A Redis that takes connections and never answers, as a stopped one does: the
    kernel completes the handshake for a listening socket nobody reads."""
    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        port = listener.getsockname()[1]
        settings = {
            "default": {
                "BACKEND": REDIS_DOWN["default"]["BACKEND"],
                "LOCATION": f"redis://127.0.0.1:{port}/0",
            }
        }
        with override_settings(CACHES=settings):
            yield caches["default"]


def test_a_hung_redis_costs_one_short_timeout_per_interval(hung_redis):
    started = time.monotonic()
    misses = [hung_redis.get("page", "missed") for _ in range(20)]
    seconds = time.monotonic() - started

    assert misses == ["missed"] * 20
    # One time-out of a quarter second, not twenty.
    assert seconds < 1


@pytest.mark.django_db
def test_pages_and_readiness_answer_quickly_while_redis_hangs(client, hung_redis):
    started = time.monotonic()
    pages = [client.get(reverse("core:home")) for _ in range(5)]
    ready = client.get(reverse("operations:readyz"))
    seconds = time.monotonic() - started

    assert [page.status_code for page in pages] == [200] * 5
    assert (ready.status_code, ready.content) == (200, b"degraded: cache")
    assert seconds < 2
