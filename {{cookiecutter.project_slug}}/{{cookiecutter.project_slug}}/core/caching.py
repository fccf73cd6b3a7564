"""Whole pages cached for anonymous visitors, and forgotten at once when content changes.

Anonymous visitors all see the same page at an address, so one rendered copy serves
them all. A view offers its pages with cache_for_anonymous(), and the
AnonymousPageCacheMiddleware keeps them. The next anonymous visitors are answered
from the cache by CachedPages, around the WSGI application (config/wsgi.py), before
Django's request handling, sessions, users, CSRF and the URLconf: a cached page costs
little more than a static file. Signed-in users (anyone with a session cookie) always get a fresh
page: it shows their name and their own actions. When content changes, the models'
signals call forget_cached_pages(), which takes effect when the change commits. A
page whose response varies by a request header (Vary: Accept-Language, say) is kept
once per value of that header.

Django's cache_page does not fit here: it caches signed-in users' pages too (or one copy
per session cookie with vary_on_cookie), tells browsers to keep the page for the whole
timeout, and cannot forget every page at once.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import has_vary_header
from django.utils.http import split_header_value

from .middleware import log_request
from .request_id import start_request_id

# Every page key contains the current generation; a new generation makes all the pages
# cached under the old one unreachable (the cache evicts them in time).
GENERATION_KEY = "anonymous-pages:generation"


def cache_for_anonymous(timeout):
    """Decorate a view: its page may be shared by anonymous visitors for timeout s.

    The timeout bounds how stale a page may get through changes that send no signal,
    such as a scheduled post's publishing time arriving.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if hasattr(response, "add_post_render_callback"):
                # Decide once the template is rendered: only then is it known
                # whether it read the CSRF token, the CSP nonce or the session.
                response.add_post_render_callback(
                    lambda rendered: offer_if_shareable(request, rendered, timeout)
                )
            else:
                offer_if_shareable(request, response, timeout)
            return response

        return wrapper

    return decorator


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

    # Pages kept per worker; when full, it starts again (most sites' anonymous
    # visitors read a few pages far more than the rest).
    recent_pages_limit = 100

    def __init__(self, application):
        self.application = application
        self.recent_pages = {}

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
                if len(self.recent_pages) >= self.recent_pages_limit:
                    self.recent_pages.clear()
                self.recent_pages[key] = value
        return value


class AnonymousPageCacheMiddleware:
    """Answer anonymous visitors from the cache; keep the pages views offer.

    It sits before the session middleware, so it tells an anonymous visitor by the
    cookies alone: no session, no messages waiting. Under WSGI, CachedPages answers
    from the cache first; this answers where it does not run (ASGI, the test client).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        cached = cached_page(request)
        if cached is not None:
            return cached.as_response()
        response = self.get_response(request)
        timeout = getattr(response, "anonymous_cache_timeout", None)
        # Checked again: the middleware between here and the view may set a cookie.
        if timeout is not None and request.method == "GET" and not response.cookies:
            store(request, page_key(request), response, timeout)
        return response


def may_use_cache(request):
    # In development every page is rendered afresh, so template edits show.
    return not settings.DEBUG and is_anonymous_read(request)


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
    page = CachedPage.of(response, timeout)
    if headers:
        cache.set(url_key, VariesBy(headers, page.expires_at), timeout)
        cache.set(variant_key(request, url_key, headers), page, timeout)
    else:
        cache.set(url_key, page, timeout)


def forget_cached_pages():
    """Make every cached anonymous page and page fragment stale, once the current
    transaction commits.

    Forgetting before the commit would let a request served in between cache the old
    rows again, under the new generation. Outside a transaction this runs at once.
    """
    transaction.on_commit(_start_new_generation, robust=True)


def pages_generation(request):
    """The generation this request's cached pages and fragments belong to.

    Read once per request, before any row: a page rendered from rows older than a
    commit is then kept under the generation that commit makes stale.
    """
    # Kept in META, which under WSGI is the environ: when CachedPages found no page,
    # Django's own request for the same environ uses the generation it read.
    if GENERATION_KEY not in request.META:
        # The generation is random, not a counter: were the cache to evict it, a
        # counter would start again at a number whose pages may still be cached.
        request.META[GENERATION_KEY] = cache.get_or_set(
            GENERATION_KEY, _new_generation, timeout=None
        )
    return request.META[GENERATION_KEY]


def is_anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


# Read from META: request.headers would build a dict of every header on each request.
HOST_HEADER = "HTTP_HOST"


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


def offer_if_shareable(request, response, timeout):
    if is_shareable(request, response):
        response.anonymous_cache_timeout = timeout


def is_shareable(request, response):
    """Whether this response could be sent to any anonymous visitor unchanged."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.user.is_authenticated
        # A visitor with a message waiting sees it on this page.
        and not get_messages(request)
        # A CSRF token, a CSP nonce or a session belongs to one visitor only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not get_nonce(request)
        and not request.session.modified
        and not has_vary_header(response, "Cookie")
    )


def _start_new_generation():
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def _new_generation():
    return secrets.token_hex(8)
