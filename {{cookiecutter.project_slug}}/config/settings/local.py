"""Settings for development on your own machine: debug pages, console email."""

import sys

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
# Links in mail printed to the console lead to the development server.
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The app generator (`manage.py startapp`) is a development tool: production neither
# installs nor imports it.
INSTALLED_APPS = [*INSTALLED_APPS, "{{ cookiecutter.project_slug }}.appgen"]  # noqa: F405

# Uploaded files are served by Django itself (images/views.py).
SERVE_MEDIA = True

# Print outgoing email to the console instead of sending it.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# The debug toolbar: a dev dependency, so it is set up here and nowhere else, and its
# URLs come from a URLconf only these settings use. Its middleware goes first, to
# time everything after it. It is loaded for the development server only (`make run`),
# for requests from INTERNAL_IPS. The trade-off: loading it probes the system for
# GeoDjango's libraries, which doubles the start of every other command (about 0.3 s
# more for `migrate`, `shell` or `check`); the price is that `make serve` and
# other servers under these settings show no toolbar. To load it for every command,
# remove the `if` line below and unindent the four after it.
if "runserver" in sys.argv:
    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
    MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]  # noqa: F405
    INTERNAL_IPS = ["127.0.0.1", "::1"]
    ROOT_URLCONF = "config.urls_local"

# Passkeys on http://localhost, which has no TLS (a browser accepts localhost).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
