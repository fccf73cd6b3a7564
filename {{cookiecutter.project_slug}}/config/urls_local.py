"""URL dispatcher for local development: the site's URLs, plus the debug toolbar's."""

from debug_toolbar.toolbar import debug_toolbar_urls

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, *debug_toolbar_urls()]
