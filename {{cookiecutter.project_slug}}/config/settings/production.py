"""Settings for serving the site to the public, behind a TLS-terminating proxy.

Required variables have no default: start-up stops with a list of every one that is
missing or unsafe (see require.py). These settings read no .env file unless
DJANGO_ENV_FILE names one.
"""

from . import require
from .base import *  # noqa: F403
from .base import env

variables = require.Variables(env)

DEBUG = False
SECRET_KEY = variables("DJANGO_SECRET_KEY", require.secret_key)
ALLOWED_HOSTS = variables("DJANGO_ALLOWED_HOSTS", require.allowed_hosts, cast=list)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = variables("DJANGO_SITE_URL", require.site_url, default=SITE_URL)  # noqa: F405

# A real mailer, given as one URL such as smtp+tls://user:password@smtp.example.com:587.
MAILERS = {"default": variables("DJANGO_SMTP_URL", require.smtp_mailer)}

# The proxy (nginx) adds the visitor's address to X-Forwarded-For: log-in throttling
# counts failures per visitor, not per proxy. Only requests from TRUSTED_PROXIES
# (nginx on this machine by default) may carry it.
PROXY_COUNT = variables("DJANGO_PROXY_COUNT", cast=int, default=1)
TRUSTED_PROXIES = variables(
    "DJANGO_TRUSTED_PROXIES",
    require.trusted_proxies,
    cast=list,
    default=TRUSTED_PROXIES,  # noqa: F405
)

# TLS ends at the proxy, which says so in X-Forwarded-Proto. DJANGO_HTTPS=false is
# for trying these settings over plain HTTP on your own machine (`make prod-local`):
# no redirect to HTTPS, and cookies a browser sends over HTTP. `check --deploy`
# fails then, as it should for a public site.
HTTPS = env.bool("DJANGO_HTTPS", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Passkeys need the https origin too, but for that local trial.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=HTTPS)
# Load balancers poll the health probes over plain HTTP, from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = variables(
    "DJANGO_SECURE_HSTS_SECONDS", cast=int, default=31536000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
# Cookies travel over HTTPS only (unless DJANGO_HTTPS=false). The __Secure- prefix
# makes browsers refuse them from plain HTTP; JavaScript cannot read the session
# cookie; neither is sent along with another site's cross-site POST.
SESSION_COOKIE_NAME = "__Secure-sessionid" if HTTPS else "sessionid"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Secure-csrftoken" if HTTPS else "csrftoken"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SAMESITE = "Lax"

{%- if cookiecutter.media_storage == "s3" %}
# Uploaded files live in the bucket (base.py), which every app server shares.
variables("DJANGO_S3_BUCKET")
{%- endif %}
# nginx serves MEDIA_ROOT (deploy/nginx.conf); DJANGO_SERVE_MEDIA=true has Django
# serve it instead, for `make prod-local`, where no nginx runs.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=False)

# collectstatic compresses each file and names it after its content, so WhiteNoise
# can serve it compressed and let browsers cache it forever.
STORAGES = {
    "default": MEDIA_STORAGE,  # noqa: F405
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Reuse database connections between requests, checking them first.
conn_max_age = variables("DJANGO_CONN_MAX_AGE", cast=int, default=60)
DATABASES["default"]["CONN_MAX_AGE"] = conn_max_age  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# One JSON object a line on stdout (time, level, logger, message, request id, and for
# requests method, path, status and duration), for a log collector to parse.
LOGGING["formatters"]["json"] = {  # noqa: F405
    "()": "{{ cookiecutter.project_slug }}.operations.json_logs.JsonFormatter",
}
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405

# Every variable has been read: stop now if any was missing or bad.
variables.report()
