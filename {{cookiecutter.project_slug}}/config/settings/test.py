"""Settings for the test suite: fast, isolated, and nothing leaves the machine."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-real-deployment"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost"]

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A fast hasher: the real one is slow on purpose, which tests do not need.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded files stay in memory; nothing is written to disk.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Keep sent messages in django.core.mail.outbox.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Look static files up on demand rather than index a collectstatic folder that
# tests never build.
WHITENOISE_AUTOREFRESH = True
