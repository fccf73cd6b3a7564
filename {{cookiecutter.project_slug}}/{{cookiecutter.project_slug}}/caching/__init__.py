"""Caching: whole pages for anonymous visitors, fragments, and caches that degrade.

What a learner finds here, and nowhere else:

- A view offers its pages with one decorator, ``cache_for_anonymous(timeout)``
  (decorators.py). Anonymous visitors all see the same page at an address, so one
  rendered copy serves them all; signed-in readers always get a fresh page.
- ``AnonymousPageCacheMiddleware`` (middleware.py) keeps the pages views offer, and
  ``CachedPages`` (wsgi.py) answers the next visitors around the WSGI application,
  before Django handles the request at all.
- Templates keep shared fragments with Django's cache tag, keyed by the
  ``pages_generation`` and ``fragment_timeout`` of context_processors.py.
- A model's queryset says that its rows are shown on pages
  (``ShownOnPagesQuerySet``, querysets.py), and its app says which models' saves
  and deletes forget the pages (``forget_pages_when_changed``, signals.py): every page
  and fragment is then forgotten at once, when the change commits (generation.py).
- The cache backends in backends.py (and redis_backend.py) read a failing cache
  as a miss: pages render uncached instead of failing.

Leave this app out of INSTALLED_APPS (with its middleware, context processor and the
wrapper in config/wsgi.py) and every page is rendered for each request.
"""
