"""Caches that degrade: when the cache fails, pages render uncached.

A cache only saves time. Django's own backends raise when theirs fails (a file cache
on a full disk, in a folder it may not write, or where a file stands; a Redis that
does not answer), which would turn a slow page into an error page, or a saved post
into a 500 after its row was committed. These backends read a failure as a miss and
skip a failed write instead, and log one warning when the cache starts failing (not
one per request); /readyz reports the cache as degraded meanwhile.

A cache that hangs rather than fails (a Redis stopped, or behind a lost network) would
still cost every use its full time-out. So after a failure each backend leaves the
cache alone for RETRY_SECONDS (a key of the CACHES entry, 5 by default) and answers
"missing" at once; then one use tries the cache again. A hung cache costs each worker
one time-out per interval, not one per use.

The page fragments are kept apart, in each worker's memory (BoundedMemoryCache).
"""

import logging
import os
import pickle
import random
import tempfile
from pathlib import Path
from time import monotonic

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)


class DegradingCacheMixin:
    """Make a cache backend answer "missing" whenever it fails with ``failures``.

    Each method returns what it would for a missing key. incr() and decr() are left
    to raise: a counter that silently stopped counting would be worse.
    """

    # The errors that mean "the cache is unavailable"; any other error is a bug.
    failures: tuple[type[Exception], ...] = (OSError,)
    failing = False
    busy = False
    # While monotonic() is below this, the cache is not tried at all.
    resting_until = 0.0

    def __init__(self, location, params):
        self.retry_seconds = float(params.get("RETRY_SECONDS", 5))
        # The cache backend's __init__, which comes after this mixin.
        super().__init__(location, params)  # type: ignore[call-arg]

    def _read(self, operation, *args, fallback=None):
        return self._call(operation, args, fallback, stores=False)

    def _write(self, operation, *args, fallback=None):
        return self._call(operation, args, fallback, stores=True)

    def _call(self, operation, args, fallback, *, stores):
        method = getattr(super(), operation)
        if self.busy:
            # Called by another of its own methods (add() calls set()): a failure
            # must reach that one, which answers for both.
            return method(*args)
        if monotonic() < self.resting_until:
            return fallback
        self.busy = True
        try:
            result = method(*args)
        except self.failures as error:
            self.resting_until = monotonic() + self.retry_seconds
            self._failed(operation, error)
            return fallback
        finally:
            self.busy = False
        # Reads and deletes can succeed while writes fail (a folder it may not write
        # to; nothing to delete): only a value stored shows that the cache is back.
        if stores and self.failing:
            self.failing = False
            logger.warning("The cache answers again")
        return result

    def _failed(self, operation, error):
        if not self.failing:
            self.failing = True
            logger.warning(
                "The cache failed (%s: %s); serving pages without it until a write "
                "succeeds again",
                operation,
                error,
            )

    def get(self, key, default=None, version=None):
        return self._read("get", key, default, version, fallback=default)

    def get_many(self, keys, version=None):
        return self._read("get_many", keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._read("has_key", key, version, fallback=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write("add", key, value, timeout, version, fallback=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._write("set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write("set_many", data, timeout, version, fallback=list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._read("touch", key, timeout, version, fallback=False)

    def delete(self, key, version=None):
        return self._read("delete", key, version, fallback=False)

    def delete_many(self, keys, version=None):
        self._read("delete_many", keys, version)

    def clear(self):
        return self._read("clear", fallback=False)


class AtomicAddFileBasedCache(FileBasedCache):
    """Django's file cache, whose add() only one of several processes can win.

    Django's checks that the key is missing, then writes: two gunicorn workers can
    both find it missing and both add it. Rate limits take a lock with add(), and
    count right only if it holds; here the file is linked into place, which fails
    when another process linked it first.
    """

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version):  # also deletes an expired file
            return False
        # Django's own helpers, missing from its stubs.
        self._createdir()  # type: ignore[attr-defined]
        self._cull()  # type: ignore[attr-defined]
        descriptor, name = tempfile.mkstemp(dir=self._dir)  # type: ignore[attr-defined]
        written = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as file:
                self._write_content(file, timeout, value)  # type: ignore[attr-defined]
            target = Path(self._key_to_file(key, version))  # type: ignore[attr-defined]
            target.hardlink_to(written)
        except FileExistsError:
            return False
        finally:
            written.unlink()
        return True


class DegradingFileBasedCache(DegradingCacheMixin, AtomicAddFileBasedCache):
    """Django's file cache, but a folder that cannot be read or written is a miss;
    bounded in bytes as well as in entries.

    Django's file cache counts only its files (OPTIONS["MAX_ENTRIES"]): a few hundred
    large ones could still fill the disk the database lives on. OPTIONS["MAX_BYTES"]
    bounds their total size too: before each write, when either bound is reached,
    a random third of the files is deleted, then more until the rest fit.
    """

    def __init__(self, directory, params):
        super().__init__(directory, params)
        options = params.get("OPTIONS", {})
        self.max_bytes = int(options.get("MAX_BYTES", 100 * 1024 * 1024))

    def _cull(self):
        # _list_cache_files() and _delete() are Django's own, missing from its stubs.
        sizes = {}
        for path in self._list_cache_files():  # type: ignore[attr-defined]
            try:
                sizes[path] = Path(path).stat().st_size
            except FileNotFoundError:
                continue  # deleted by another worker meanwhile
        total = sum(sizes.values())
        if len(sizes) < self._max_entries and total < self.max_bytes:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        paths = list(sizes)
        random.shuffle(paths)
        culled = len(paths) // self._cull_frequency
        for number, path in enumerate(paths):
            if number >= culled and total < self.max_bytes:
                break
            if self._delete(path):  # type: ignore[attr-defined]
                total -= sizes[path]

    def _createdir(self):
        # Called when the cache is built and before each write: a folder that
        # cannot be made is one more failure, not a crash at start-up. (Read as a
        # read: making the folder is no proof that writing in it works.)
        self._read("_createdir")


class BoundedMemoryCache(LocMemCache):
    """Django's cache in each process's memory, for page fragments, keeping no value
    bigger than MAX_VALUE_BYTES (an option, 16 kB by default).

    With MAX_ENTRIES, that bounds a worker's memory whatever the pages hold: a very
    long post or a post with hundreds of comments is made again on each request
    instead of costing every worker its size.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self.max_value_bytes = int(options.get("MAX_VALUE_BYTES", 16 * 1024))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fits(value) and super().add(key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._fits(value):
            super().set(key, value, timeout, version)

    def validate_key(self, key):
        # Django's checks warn of keys memcached would refuse (too long, with spaces
        # or control characters); these never leave the process, and the fragments'
        # keys are digests. Skipped: they cost a pass over each key on every read.
        pass

    def _fits(self, value):
        return len(pickle.dumps(value, self.pickle_protocol)) <= self.max_value_bytes
