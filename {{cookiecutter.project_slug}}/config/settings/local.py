"""Settings for development on your own machine: debug pages, console email."""

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
# URLs come from a URLconf only these settings use. It shows for requests from
# INTERNAL_IPS; the middleware goes first to time everything after it.
INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]  # noqa: F405
MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]  # noqa: F405
INTERNAL_IPS = ["127.0.0.1", "::1"]
ROOT_URLCONF = "config.urls_local"
