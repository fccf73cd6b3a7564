"""Tests of the degrading file cache: a broken cache folder costs speed, not pages."""

import errno
import logging
import multiprocessing
import os

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from {{ cookiecutter.project_slug }}.caching import backends

BACKEND = f"{backends.__name__}.DegradingFileBasedCache"


class Clock:
    """Stands in for the backends' monotonic(): time moves only when told."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(backends, "monotonic", clock)
    return clock


def file_cache(location):
    return {"default": {"BACKEND": BACKEND, "LOCATION": str(location)}}


@pytest.fixture
def folder_below_a_file(tmp_path):
    # A cache folder below a regular file can never be created: every use fails.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    return blocker / "cache"


@pytest.fixture
def broken_cache(folder_below_a_file):
    # Sessions in the database only, as they are with the file cache.
    with override_settings(
        CACHES=file_cache(folder_below_a_file),
        SESSION_ENGINE="django.contrib.sessions.backends.db",
    ):
        yield


def cache_warnings(caplog):
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.endswith("caching.backends")
        and record.levelno == logging.WARNING
    ]


@pytest.mark.usefixtures("broken_cache")
def test_a_broken_folder_reads_as_misses_with_one_warning(caplog):
    with caplog.at_level(logging.WARNING):
        cache = caches["default"]  # built, though its folder cannot be made
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
    [warning] = cache_warnings(caplog)
    assert warning.startswith("The cache failed")


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_failed_writes_are_skipped_until_one_succeeds(
    tmp_path, monkeypatch, caplog, clock, error
):
    # A full disk, a folder it may not write to, a read-only file system: reads
    # work, each write fails.
    with override_settings(CACHES=file_cache(tmp_path / "cache")):
        cache = caches["default"]

        def fail(*args, **kwargs):
            raise OSError(error, "write refused")

        with caplog.at_level(logging.WARNING):
            with monkeypatch.context() as broken:
                broken.setattr(
                    "django.core.cache.backends.filebased.tempfile.mkstemp", fail
                )
                for _ in range(3):
                    assert cache.get("page") is None
                    cache.set("page", "rendered")
            # The failed cache rests before it is tried again.
            clock.now += cache.retry_seconds
            cache.set("page", "rendered")

        assert cache.get("page") == "rendered"
    assert cache_warnings(caplog) == [
        (
            f"The cache failed (set: [Errno {error}] write refused); serving pages "
            "without it until a write succeeds again"
        ),
        "The cache answers again",
    ]


def test_a_failed_cache_is_left_alone_until_its_retry_interval_ends(
    tmp_path, monkeypatch, clock
):
    # A cache that hangs costs a time-out each time it is tried: after one failure,
    # the uses within the interval must not try it at all.
    attempts = []

    def fail(*args, **kwargs):
        attempts.append(args)
        raise OSError("the cache does not answer")

    with override_settings(CACHES=file_cache(tmp_path / "cache")):
        cache = caches["default"]
        monkeypatch.setattr(
            "django.core.cache.backends.filebased.FileBasedCache.get", fail
        )

        for _ in range(50):
            assert cache.get("page", "missed") == "missed"
        tried_in_first_interval = len(attempts)
        clock.now += cache.retry_seconds
        assert cache.get("page", "missed") == "missed"

    assert cache.retry_seconds == 5
    assert tried_in_first_interval == 1
    # Once the interval is over, one use tries again.
    assert len(attempts) == 2


@pytest.mark.usefixtures("broken_cache")
def test_counters_still_raise():
    # A counter that silently stopped counting would be worse than an error.
    with pytest.raises(ValueError, match="not found"):
        caches["default"].incr("visits")


@pytest.mark.django_db
@pytest.mark.usefixtures("broken_cache")
def test_pages_and_readiness_with_a_broken_cache(client, user):
    anonymous = [client.get(reverse("core:home")) for _ in range(2)]
    client.force_login(user)
    signed_in = client.get(reverse("core:home"))
    ready = client.get(reverse("operations:readyz"))

    assert [response.status_code for response in anonymous] == [200, 200]
    assert signed_in.status_code == 200
    assert user.get_username().encode() in signed_in.content
    assert (ready.status_code, ready.content) == (200, b"degraded: cache")


@pytest.mark.parametrize(
    ("options", "most_files", "most_bytes"),
    [
        ({"MAX_ENTRIES": 10, "MAX_BYTES": 10**9}, 10, None),
        ({"MAX_ENTRIES": 10**6, "MAX_BYTES": 50_000}, None, 50_000 + 10_000),
    ],
    ids=["entries", "bytes"],
)
def test_the_file_cache_is_bounded_in_entries_and_bytes(
    tmp_path, options, most_files, most_bytes
):
    settings = file_cache(tmp_path)
    settings["default"]["OPTIONS"] = options
    with override_settings(CACHES=settings):
        cache = caches.create_connection("default")
        for number in range(100):
            cache.set(f"page-{number}", "x" * 10_000)

    files = list(tmp_path.glob("*.djcache"))
    assert len(files) <= (most_files or len(files))
    assert sum(file.stat().st_size for file in files) <= (most_bytes or 10**9)
    assert cache.get("page-99") == "x" * 10_000  # the newest is kept


def add_at_once(directory, key, start):
    start.wait()
    return backends.DegradingFileBasedCache(directory, {}).add(key, os.getpid())


def test_of_processes_adding_one_key_at_once_only_one_wins(tmp_path):
    # Rate limits lock with add(): two gunicorn workers must never both hold it.
    # Spawned, not forked: a fork copies the test process's threads' locks.
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(8) as pool:
        for round_number in range(20):
            start = manager.Barrier(8)
            key = f"lock-{round_number}"
            wins = pool.starmap(add_at_once, [(str(tmp_path), key, start)] * 8)

            assert wins.count(True) == 1, wins
