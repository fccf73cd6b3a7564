"""Context for every template: what its cached fragments are kept under, and how long."""

from .generation import pages_generation as current_generation

# No longer than the cached pages: a scheduled post shows in both at the same time.
FRAGMENT_TIMEOUT = 300


def fragments(request):
    """Expose ``pages_generation`` and ``fragment_timeout`` for the cache tag.

    Give the tag ``fragment_timeout|default:0`` as its timeout, then the fragment's
    name, then ``pages_generation`` among what it varies on: the
    fragment is forgotten with the cached pages, when content changes, and a site
    without this app (so without these variables) keeps no fragment at all.
    """
    return {
        "pages_generation": current_generation(request),
        "fragment_timeout": FRAGMENT_TIMEOUT,
    }
