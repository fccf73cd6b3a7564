"""Middleware: answer anonymous visitors from the cache, and keep the pages views offer."""

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
