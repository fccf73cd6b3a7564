"""Middleware: answer anonymous visitors from the cache, keep the pages views offer,
and mark the pages for one reader private."""

from django.utils.cache import has_vary_header, patch_cache_control

from .generation import pages_generation
from .pages import cached_page, may_use_cache, page_key, store


class AnonymousPageCacheMiddleware:
    """Answer anonymous visitors from the cache; keep the pages views offer.

    It sits before the session middleware, so it tells an anonymous visitor by the
    cookies alone: no session, no messages waiting. Under WSGI, CachedPages answers
    from the cache first; this answers where it does not run (ASGI, the test client).

    Django's cache_page does not fit here: it caches signed-in users' pages too (or
    one copy per session cookie with vary_on_cookie), tells browsers to keep the page
    for the whole timeout, and cannot forget every page at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            # Read before the view reads any row, for the fragments its page keeps.
            pages_generation(request)
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


class PrivatePagesMiddleware:
    """Tell browsers and shared proxies which pages are for one reader only.

    A page rendered for a signed-in user, or one that read the visitor's session or
    CSRF cookie (its response varies by Cookie), is ``private``: no shared proxy may
    keep it. Where it shows a form (it used the CSRF token) or the user's own data
    (every signed-in page names its user), it is ``no-store`` too: not even the
    browser keeps a copy, for the back button to show after logging out. A response
    that already says how to cache it is left alone, and so is a page offered to the
    anonymous page cache: it is the same for every visitor without a session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or hasattr(
            response, "anonymous_cache_timeout"
        ):
            return response
        signed_in = hasattr(request, "user") and request.user.is_authenticated
        # Set once the page has read the CSRF token, to put in a form.
        shows_a_form = "CSRF_COOKIE_NEEDS_UPDATE" in request.META
        if signed_in or shows_a_form:
            patch_cache_control(response, private=True, no_store=True)
        elif has_vary_header(response, "Cookie"):
            patch_cache_control(response, private=True)
        return response
