"""Whole pages cached for anonymous visitors, and forgotten at once when content changes.

Anonymous visitors all see the same page at an address, so one rendered copy serves
them all. A view offers its pages with cache_for_anonymous(), and the
AnonymousPageCacheMiddleware answers the next anonymous visitors from the cache before
sessions, users, CSRF and the URLconf are consulted: a cached page costs little more
than a static file. Signed-in users (anyone with a session cookie) always get a fresh
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
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.middleware.csp import get_nonce
from django.utils.cache import has_vary_header
from django.utils.http import split_header_value

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


class AnonymousPageCacheMiddleware:
    """Answer anonymous visitors from the cache; keep the pages views offer.

    It sits before the session middleware, so it tells an anonymous visitor by the
    cookies alone: no session, no messages waiting.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # In development every page is rendered afresh, so template edits show.
        if settings.DEBUG or not is_anonymous_read(request):
            return self.get_response(request)
        url_key = page_key(request)
        cached = cache.get(url_key)
        if isinstance(cached, VariesBy):
            cached = cache.get(variant_key(request, url_key, cached.headers))
        if cached is not None:
            return cached
        response = self.get_response(request)
        timeout = getattr(response, "anonymous_cache_timeout", None)
        # Checked again: the middleware between here and the view may set a cookie.
        if timeout is not None and request.method == "GET" and not response.cookies:
            store(request, url_key, response, timeout)
        return response


@dataclass(frozen=True)
class VariesBy:
    """Kept at a page's address when the page differs by these request headers."""

    headers: tuple[str, ...]


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
    if headers:
        cache.set(url_key, VariesBy(headers), timeout)
        cache.set(variant_key(request, url_key, headers), response, timeout)
    else:
        cache.set(url_key, response, timeout)


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
    if not hasattr(request, "pages_generation"):
        # The generation is random, not a counter: were the cache to evict it, a
        # counter would start again at a number whose pages may still be cached.
        request.pages_generation = cache.get_or_set(
            GENERATION_KEY, _new_generation, timeout=None
        )
    return request.pages_generation


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
    return f"anonymous-page:{pages_generation(request)}:{url}"


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
