"""Settings for the test suite: fast, isolated, and nothing leaves the machine."""

from .base import *  # noqa: F403
from .base import CACHES, env

SECRET_KEY = "test-only-secret-key-not-for-any-real-deployment"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost"]
# The test client's own host: links built from SITE_URL lead back to it.
SITE_URL = "http://testserver"

# The development-only app generator, so that its tests run.
INSTALLED_APPS = [*INSTALLED_APPS, "{{ cookiecutter.project_slug }}.appgen"]  # noqa: F405

# The database DATABASE_URL names, if set (pytest-django works in a throwaway test_
# copy of it); SQLite in memory otherwise, so the tests run anywhere.
DATABASES = {"default": env.db_url("DATABASE_URL", default="sqlite://:memory:")}
{%- if cookiecutter.cache == "redis" %}
# Redis if REDIS_URL is set; the tests empty it, so give them a database of their own
# (redis://host:6379/15). Memory otherwise.
if not env("REDIS_URL", default=""):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
{%- else %}
CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
{%- endif %}

# A fast hasher: the real one is slow on purpose, which tests do not need.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded files stay in memory; nothing is written to disk.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded files are served by Django, so tests can fetch them.
SERVE_MEDIA = True

# Tasks run at once, inside the test, instead of waiting for a worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Keep sent messages in django.core.mail.outbox.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Look static files up on demand rather than index a collectstatic folder that
# tests never build.
WHITENOISE_AUTOREFRESH = True

# Passkeys on http://localhost, which has no TLS (a browser accepts localhost).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
