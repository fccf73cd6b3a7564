"""Settings for development on your own machine: debug pages, console email."""

import sys

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)

# Print outgoing email to the console instead of sending it.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# The debug toolbar: a dev dependency, so it is set up here and nowhere else, and its
# URLs come from a URLconf only these settings use. It shows on the development
# server's pages, for requests from INTERNAL_IPS; other commands (migrate, shell,
# check) skip its start-up, which probes the system for GeoDjango's libraries and
# takes a fifth of a second. Its middleware goes first to time everything after it.
if "runserver" in sys.argv:
    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]  # noqa: F405
    MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]  # noqa: F405
    INTERNAL_IPS = ["127.0.0.1", "::1"]
    ROOT_URLCONF = "config.urls_local"
