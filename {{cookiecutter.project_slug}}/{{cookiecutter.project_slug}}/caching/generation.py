"""The generation of cached pages: a new one forgets every page and fragment at once."""

import secrets

from django.core.cache import cache
from django.db import transaction

# Every page key contains the current generation; a new generation makes all the pages
# cached under the old one unreachable (the cache evicts them in time).
GENERATION_KEY = "anonymous-pages:generation"


def forget_cached_pages():
    """Make every cached anonymous page and page fragment stale, once the current
    transaction commits.

    Forgetting before the commit would let a request served in between cache the old
    rows again, under the new generation. Outside a transaction this runs at once.
    """
    transaction.on_commit(_start_new_generation, robust=True)


def pages_generation(request):
    """The generation this request's cached pages and fragments belong to.

    Read once per request, before any row (AnonymousPageCacheMiddleware reads it
    first): a page rendered from rows older than a commit is then kept under the
    generation that commit makes stale.
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


def _start_new_generation():
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def _new_generation():
    return secrets.token_hex(8)
