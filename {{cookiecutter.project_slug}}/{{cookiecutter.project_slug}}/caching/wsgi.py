"""Cached pages answered around the WSGI application, before Django handles the request."""

import time

from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest

from {{ cookiecutter.project_slug }}.operations.middleware import (
    log_request,
)
from {{ cookiecutter.project_slug }}.operations.request_id import (
    start_request_id,
)

from .pages import cached_page, may_use_cache


class CachedPages:
    """Answer anonymous visitors' cached pages around the WSGI application.

    The middleware below answers them too, but only once Django has handled the
    request that far: sent the request signals and run the middleware before it,
    which costs as much again as the answer. Here a cached page costs a request
    object and a read of the generation, and still gets its request id and its log
    line. Every other request, and every page not cached yet, goes on to Django.

    Each worker also keeps the pages it served lately: unpickling a page from the
    shared cache on every request cost more than all the rest. A page's key names
    the generation, so a commit that forgets pages makes this worker's copies
    unreachable at once, as it does the shared ones.
    """

    # Pages kept per worker, and their bytes in all; when either is reached, it
    # starts again (most sites' anonymous visitors read a few pages far more than the
    # rest). The bytes bound a worker's memory however large the pages.
    recent_pages_limit = 100
    recent_pages_max_bytes = 8 * 1024 * 1024

    def __init__(self, application):
        self.application = application
        self.recent_pages = {}
        self.recent_pages_bytes = 0

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] in ("GET", "HEAD"):
            started = time.perf_counter()
            request = WSGIRequest(environ)
            if may_use_cache(request) and (
                page := cached_page(request, read=self.read)
            ):
                request_id = start_request_id(environ)
                log_request(request, page.status_code, started)
                start_response(
                    page.status, [*page.headers, ("X-Request-ID", request_id)]
                )
                return [page.content]
        return self.application(environ, start_response)

    def read(self, key):
        """What the cache holds at key, from this worker's copy while it is fresh."""
        value = self.recent_pages.get(key)
        if value is None or not value.is_fresh():
            value = cache.get(key)
            if value is not None:
                self.keep(key, value)
        return value

    def keep(self, key, value):
        size = len(getattr(value, "content", b""))
        if size > self.recent_pages_max_bytes:
            return
        if (
            len(self.recent_pages) >= self.recent_pages_limit
            or self.recent_pages_bytes + size > self.recent_pages_max_bytes
        ):
            self.recent_pages.clear()
            self.recent_pages_bytes = 0
        old = self.recent_pages.get(key)
        self.recent_pages_bytes += size - len(getattr(old, "content", b""))
        self.recent_pages[key] = value
