"""Whole pages cached for anonymous visitors, and forgotten at once when content changes.

Anonymous visitors all see the same page at an address, so one rendered copy serves
them all. Signed-in users always get a fresh page: it shows their name and their own
actions. When content changes, the models' signals call forget_cached_pages().

Django's cache_page does not fit here: it caches signed-in users' pages too (or one copy
per session cookie with vary_on_cookie), tells browsers to keep the page for the whole
timeout, and cannot forget every page at once.
"""

import hashlib
import secrets
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.middleware.csp import get_nonce
from django.utils.cache import has_vary_header

# Every page key contains the current generation; a new generation makes all the pages
# cached under the old one unreachable (the cache evicts them in time).
GENERATION_KEY = "anonymous-pages:generation"


def cache_for_anonymous(timeout):
    """Decorate a view: anonymous GET requests share one response per URL for timeout s.

    The timeout bounds how stale a page may get through changes that send no signal,
    such as a scheduled post's publishing time arriving.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # In development every page is rendered afresh, so template edits show.
            if settings.DEBUG or not is_anonymous_read(request):
                return view(request, *args, **kwargs)
            key = page_key(request)
            if (response := cache.get(key)) is not None:
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "add_post_render_callback"):
                # Decide once the template is rendered: only then is it known
                # whether it read the CSRF token, the CSP nonce or the session.
                response.add_post_render_callback(
                    lambda rendered: store_if_shareable(request, rendered, key, timeout)
                )
            else:
                store_if_shareable(request, response, key, timeout)
            return response

        return wrapper

    return decorator


def forget_cached_pages():
    """Make every cached anonymous page stale at once."""
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def is_anonymous_read(request):
    # Reading request.user with no session cookie creates no session; it only marks
    # the response as varying on Cookie. A visitor with a message waiting gets a
    # fresh page that shows it.
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not get_messages(request)
    )


def page_key(request):
    # The generation is random, not a counter: were the cache to evict it, a counter
    # would start again at a number whose pages may still be cached.
    generation = cache.get_or_set(GENERATION_KEY, _new_generation, timeout=None)
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"anonymous-page:{generation}:{url}"


def store_if_shareable(request, response, key, timeout):
    if is_shareable(request, response):
        cache.set(key, response, timeout)


def is_shareable(request, response):
    """Whether this response could be sent to any anonymous visitor unchanged."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        # A CSRF token, a CSP nonce or a session belongs to one visitor only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not get_nonce(request)
        and not request.session.modified
    )


def _new_generation():
    return secrets.token_hex(8)
