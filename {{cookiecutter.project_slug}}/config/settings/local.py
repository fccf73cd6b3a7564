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
