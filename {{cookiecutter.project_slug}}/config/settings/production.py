"""Settings for serving the site to the public, behind a TLS-terminating proxy.

Required variables have no default: a missing or unsafe one stops start-up with an
error that names it (see require.py).
"""

from . import require
from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = require.secret_key(env("DJANGO_SECRET_KEY"))
ALLOWED_HOSTS = require.allowed_hosts(env.list("DJANGO_ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# A real mailer, given as one URL such as smtp+tls://user:password@smtp.example.com:587.
MAILERS = {"default": require.smtp_mailer(env("DJANGO_SMTP_URL"))}

# The proxy (nginx) adds the visitor's address to X-Forwarded-For: log-in throttling
# counts failures per visitor, not per proxy.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1)

# TLS ends at the proxy, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers poll the health probes over plain HTTP, from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
# Cookies travel over HTTPS only. The __Secure- prefix makes browsers refuse them
# from plain HTTP; JavaScript cannot read the session cookie; neither is sent along
# with another site's cross-site POST.
SESSION_COOKIE_NAME = "__Secure-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Secure-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"

# collectstatic compresses each file and names it after its content, so WhiteNoise
# can serve it compressed and let browsers cache it forever.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Reuse database connections between requests, checking them first.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# One JSON object a line on stdout (time, level, logger, message, request id, and for
# requests method, path, status and duration), for a log collector to parse.
LOGGING["formatters"]["json"] = {  # noqa: F405
    "()": "{{ cookiecutter.project_slug }}.core.json_logs.JsonFormatter",
}
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
