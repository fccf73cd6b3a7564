"""Pages as the cache keeps them, and the keys they are kept under.

A page is kept under its address; a page whose response varies by a request header
(Vary: Accept-Language, say) is kept once per value of that header.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import split_header_value

from .generation import pages_generation

# Read from META: request.headers would build a dict of every header on each request.
HOST_HEADER = "HTTP_HOST"
# A page larger than this is rendered for each request rather than kept: one page
# must not take a large share of the cache (or of each worker's copies, CachedPages).
PAGE_MAX_BYTES = 1024 * 1024


def may_use_cache(request):
    # In development every page is rendered afresh, so template edits show.
    return not settings.DEBUG and is_anonymous_read(request)


def is_anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def cached_page(request, read=None):
    """The CachedPage kept for this request, or None; read(key) reads the cache.

    Only for a request that may_use_cache().
    """
    read = read or cache.get
    url_key = page_key(request)
    cached = read(url_key)
    if isinstance(cached, VariesBy):
        cached = read(variant_key(request, url_key, cached.headers))
    # The cache forgets an entry when its time is up; a worker's copy may not.
    return cached if cached is not None and cached.is_fresh() else None


def store(request, url_key, response, timeout):
    """Keep the page, once per value of each request header its Vary names.

    Cookie is left out: only visitors without a session or a message get here, and
    is_shareable() refuses a page that varies by cookie before that.
    """
    headers = tuple(
        sorted(
            header.lower()
            for header in split_header_value(response.get("Vary", ""))
            if header.lower() != "cookie"
        )
    )
    if "*" in headers:  # varies by something no header names: never share it
        return
    if len(response.content) > PAGE_MAX_BYTES:
        return
    page = CachedPage.of(response, timeout)
    if headers:
        cache.set(url_key, VariesBy(headers, page.expires_at), timeout)
        cache.set(variant_key(request, url_key, headers), page, timeout)
    else:
        cache.set(url_key, page, timeout)


def page_key(request):
    # The address as it came, not build_absolute_uri(), which validates the host
    # and re-encodes the path on every request: a host the site does not serve
    # gets an error page, which is never stored, so its key finds nothing.
    address = "{}://{}{}?{}".format(
        request.scheme,
        request.META.get(HOST_HEADER, ""),
        request.path,
        request.META.get("QUERY_STRING", ""),
    )
    url = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{pages_generation(request)}:{url}"


def variant_key(request, url_key, headers):
    values = [f"{header}:{request.headers.get(header, '')}" for header in headers]
    if "accept-language" in headers:
        # LocaleMiddleware reads the language cookie before Accept-Language, and
        # names only the header in Vary.
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        values.append(f"language cookie:{language}")
    digest = hashlib.sha256("\n".join(values).encode()).hexdigest()
    return f"{url_key}:{digest}"


@dataclass(frozen=True)
class CachedPage:
    """A page as the cache keeps it: what is sent, and until when."""

    status_code: int
    reason_phrase: str
    headers: tuple[tuple[str, str], ...]
    content: bytes
    expires_at: float

    @classmethod
    def of(cls, response, timeout):
        return cls(
            response.status_code,
            response.reason_phrase,
            tuple(response.items()),
            response.content,
            time.time() + timeout,
        )

    @property
    def status(self):
        return f"{self.status_code} {self.reason_phrase}"

    def is_fresh(self):
        return time.time() < self.expires_at

    def as_response(self):
        return HttpResponse(
            self.content,
            status=self.status_code,
            reason=self.reason_phrase,
            headers=dict(self.headers),
        )


@dataclass(frozen=True)
class VariesBy:
    """Kept at a page's address when the page differs by these request headers."""

    headers: tuple[str, ...]
    expires_at: float

    def is_fresh(self):
        return time.time() < self.expires_at
