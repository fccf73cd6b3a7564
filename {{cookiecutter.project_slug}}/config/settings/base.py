"""Settings shared by every environment; the environment-specific modules extend them.

Every value that differs between machines is read from the environment here, through
django-environ, so `.env.example` and the README list one place.
"""

import os
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# Variables already set in the environment win over those read from a file. The
# file is DJANGO_ENV_FILE when it is set; otherwise development and the tests read
# the gitignored .env, and production reads none, so that a development secret never
# reaches a live site by accident.
if env_file := os.environ.get("DJANGO_ENV_FILE"):
    env.read_env(env_file)
elif not os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".production"):
    env.read_env(BASE_DIR / ".env")

SITE_TITLE = {{ cookiecutter.project_name | py_str }}
SITE_DOMAIN = "{{ cookiecutter.domain_name }}"
# The site's address in the links it sends out of a page: mails (password reset, new
# comments), the sitemap, robots.txt, the language alternates. Never the request's
# Host header, which a client reaching the server directly writes as it likes.
SITE_URL = env("DJANGO_SITE_URL", default=f"https://{SITE_DOMAIN}").rstrip("/")

DEBUG = False

INSTALLED_APPS = [
    # Serve static files through WhiteNoise in development too (before staticfiles).
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks_db",
    # The platform: what every app may build on (docs/architecture.md).
    "{{ cookiecutter.project_slug }}.core",
    "{{ cookiecutter.project_slug }}.caching",
    "{{ cookiecutter.project_slug }}.operations",
    "{{ cookiecutter.project_slug }}.backups",
    "{{ cookiecutter.project_slug }}.mail",
    "{{ cookiecutter.project_slug }}.worker",
    "{{ cookiecutter.project_slug }}.images",
{%- if cookiecutter.languages != "en" %}
    "{{ cookiecutter.project_slug }}.languages",
{%- endif %}
    "{{ cookiecutter.project_slug }}.users",
    # The site's own apps.
{%- if cookiecutter.include_blog %}
    "{{ cookiecutter.project_slug }}.blog",
{%- endif %}
    # startapp adds new apps above this line.
    # Accounts (django-allauth) come after the site's apps, whose templates and
    # translations take precedence over allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # First: from anyone but the proxy, X-Forwarded-For and -Proto are dropped.
    "{{ cookiecutter.project_slug }}.operations.middleware.TrustedProxyMiddleware",
    # Every page's response and log lines carry the request's id.
    "{{ cookiecutter.project_slug }}.operations.middleware.RequestIdMiddleware",
    "{{ cookiecutter.project_slug }}.operations.middleware.RequestLogMiddleware",
    # Anonymous visitors get cached pages here, before sessions, users and CSRF. A
    # cached page keeps the headers the middleware below gave it, so a visitor gets
    # them without that middleware running again. (Only https pages are cached on an
    # https site: a plain http request finds none and is redirected below.)
    "{{ cookiecutter.project_slug }}.caching.middleware.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A form that cannot be read, or a NUL in any text sent, gets the 400 page here.
    "{{ cookiecutter.project_slug }}.operations.readable_requests.ReadableRequestMiddleware",
    "{{ cookiecutter.project_slug }}.core.middleware.CrossOriginResourcePolicyMiddleware",
    # Pages for one reader (signed in, or with a form) say so in Cache-Control.
    "{{ cookiecutter.project_slug }}.caching.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
{%- if cookiecutter.languages != "en" %}
    # Turns on the language the address names (/pt-br/...); see config/urls.py.
    "{{ cookiecutter.project_slug }}.languages.middleware.LocaleMiddleware",
{%- endif %}
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # allauth's log-in stages and re-authentication follow the signed-in user.
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "{{ cookiecutter.project_slug }}.core.context_processors.site",
                "{{ cookiecutter.project_slug }}.caching.context_processors.fragments",
{%- if cookiecutter.languages != "en" %}
                "{{ cookiecutter.project_slug }}.languages.context_processors.alternates",
{%- endif %}
            ],
        },
    },
]

{%- if cookiecutter.database == "postgresql" %}
# PostgreSQL through psycopg 3, at DATABASE_URL; by default the database named after
# the project on this machine's server, reached through its local socket.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default="postgres:///{{ cookiecutter.project_slug }}",
    ),
}
{%- else %}
# SQLite by default. WAL lets readers work while one writer commits; IMMEDIATE
# transactions and a busy timeout make concurrent writers wait instead of failing.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
{%- endif %}

# The caches: the one every app server shares, and each worker's page fragments.
from .caches import CACHES  # noqa: E402, F401 (a setting)

AUTH_USER_MODEL = "users.User"
# Sign-up, log-in, e-mail addresses, the second factor and their rate limits.
from .accounts import *  # noqa: E402, F403

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How many proxies (nginx) stand before gunicorn and append to X-Forwarded-For; 0 means
# requests come straight from the visitor.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
# The addresses (or networks, 10.0.0.0/8) the nearest proxy connects from. The
# forwarded headers of a request from anywhere else are dropped
# (operations/middleware.py): only the proxy may say who the visitor is.
TRUSTED_PROXIES = [
    address
    for address in env.list("DJANGO_TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
    if address
]

# A password-reset link works once, and for this many seconds.
PASSWORD_RESET_TIMEOUT = env.int("DJANGO_PASSWORD_RESET_TIMEOUT", default=3 * 60 * 60)

# Work done outside the request (sending mail) is queued in the database and done by
# `manage.py run_worker`, a process of its own: see deploy/worker.service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task due for longer than this means no worker is taking work: /readyz and
# `manage.py task_queue_status` report the queue as stalled.
TASK_QUEUE_STALLED_SECONDS = env.int("DJANGO_TASK_QUEUE_STALLED_SECONDS", default=300)
# When the mail server fails, the mail is tried again after each of these waits.
MAIL_RETRY_SECONDS = env.list(
    "DJANGO_MAIL_RETRY_SECONDS", cast=int, default=[10, 60, 300, 1800]
)

LANGUAGE_CODE = "en"
{%- if cookiecutter.languages != "en" %}
# The default language comes first. Each app keeps its translations in its locale/
# folder: `make messages` updates them, `make install` compiles them.
LANGUAGES = [("en", "English"), ("pt-br", "Brazilian Portuguese")]
{%- else %}
LANGUAGES = [("en", "English")]
{%- endif %}
TIME_ZONE = "{{ cookiecutter.time_zone }}"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"


# Static files are answered by WhiteNoise in config/wsgi.py, before Django handles
# the request (operations/static_files.py); these settings configure it.
def add_static_file_headers(headers, path, url):
    """Give static files the headers of the security middleware that matter to a file
    a page loads: WhiteNoise answers them before the middleware."""
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"


WHITENOISE_ADD_HEADERS_FUNCTION = add_static_file_headers
# Uploaded files and images: where they are kept, served and checked.
from .uploads import *  # noqa: E402, F403

# `manage.py backup` writes its archives here and keeps the newest BACKUP_KEEP.
BACKUP_DIR = Path(env("DJANGO_BACKUP_DIR", default=str(BASE_DIR / "backups")))
BACKUP_KEEP = env.int("DJANGO_BACKUP_KEEP", default=14)

DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default=f"webmaster@{SITE_DOMAIN}"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The built-in Content Security Policy: nothing loads unless listed, only this site's
# own files may run or style the page, and nothing may frame it. The admin marks its
# own tags with the per-request nonce; our templates never read it, so their pages
# keep one stable header (with no nonce in it) and stay cacheable. They hold no inline
# script, style or event handler, and load nothing from other sites.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, *MEDIA_ORIGINS],  # noqa: F405
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Django's defaults, written out: other sites get no referrer with a full path, and
# a window this site opens cannot be reached by the page that opened it.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Log records: to stdout, each stamped with the id of the request being served.
from .logs import LOGGING  # noqa: E402, F401 (a setting)
