"""Values a view keeps like page fragments: in each worker, until content changes."""

from django.core.cache import InvalidCacheBackendError, caches

from .context_processors import FRAGMENT_TIMEOUT
from .generation import pages_generation


def kept_until_changed(request, name, *vary_on, make):
    """What ``make()`` returns, kept with the page fragments until a post or comment
    changes (a new generation), and no longer than a fragment.

    For what every reader of a page shares, such as the row it shows: the view then
    reads it once per worker and generation instead of on every request. If
    ``make()`` raises (a 404, say), nothing is kept.
    """
    key = ":".join(["kept", name, pages_generation(request), *map(str, vary_on)])
    kept = fragment_cache()
    value = kept.get(key)
    if value is None:
        value = make()
        kept.set(key, value, FRAGMENT_TIMEOUT)
    return value


def fragment_cache():
    """The cache the cache template tag keeps fragments in, found as the tag finds
    it: ``template_fragments`` (each worker's memory, in the settings), else the
    default one."""
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]
