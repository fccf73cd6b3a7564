"""Refuse to start production with a missing or unsafe value, naming the variable.

Each function takes the raw value of one environment variable and returns the
setting built from it, or raises ImproperlyConfigured saying what to fix.
`Variables` reads them all before it complains, so that one start-up lists every
problem; manage.py and wsgi.py print that list alone, without a traceback.
"""

import ipaddress
from urllib.parse import urlsplit

import environ
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

NEW_KEY_HINT = (
    'make one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
)
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class SettingsError(ImproperlyConfigured):
    """Every missing or unsafe variable the settings found, one a line."""


class Variables:
    """Read environment variables, keeping each problem to report them all at once."""

    def __init__(self, env):
        self.env = env
        self.problems = []

    def __call__(self, name, check=None, *, cast=str, default=environ.Env.NOTSET):
        """The variable ``name`` read as ``cast`` and passed to ``check``, or None
        when it is missing or bad (the problem is kept for `report()`)."""
        try:
            if default is environ.Env.NOTSET and name not in self.env.ENVIRON:
                raise ImproperlyConfigured(f"{name} is not set")
            value = self.env.get_value(name, cast=cast, default=default)
            return check(value) if check else value
        except ImproperlyConfigured as problem:
            self.problems.append(str(problem))
        except ValueError:
            raw = self.env.ENVIRON[name]
            self.problems.append(f"{name} is not a valid {cast.__name__}: {raw!r}")
        return None

    def report(self):
        """Stop here if any variable was missing or bad, naming each one."""
        if self.problems:
            lines = "\n".join(f"  - {problem}" for problem in self.problems)
            raise SettingsError(
                "The production settings cannot start; fix these environment "
                f"variables (see the README):\n{lines}"
            )


def secret_key(key):
    """DJANGO_SECRET_KEY, held to the rule of Django's deploy check (security.W009)."""
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        problem = (
            f"starts with {SECRET_KEY_INSECURE_PREFIX!r}, the mark of a development key"
        )
    elif len(key) < SECRET_KEY_MIN_LENGTH:
        problem = (
            f"is {len(key)} characters long; it needs at least {SECRET_KEY_MIN_LENGTH}"
        )
    elif len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        problem = (
            f"uses only {len(set(key))} different characters; it needs at least "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS}"
        )
    else:
        return key
    raise ImproperlyConfigured(f"DJANGO_SECRET_KEY {problem}: {NEW_KEY_HINT}")


def allowed_hosts(hosts):
    """DJANGO_ALLOWED_HOSTS: at least one real host name, and no wildcard."""
    names = [name.strip() for name in hosts if name.strip()]
    if not names:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is empty: list the site's host names, comma-separated"
        )
    if "*" in names:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS holds '*', which accepts any Host header: list the "
            "site's host names instead"
        )
    return names


def smtp_mailer(url):
    """DJANGO_SMTP_URL as a MAILERS entry; console, memory, file or dummy mail is refused."""
    try:
        parts = environ.Env.email_url_config(url)
    except ImproperlyConfigured:
        parts = {}
    if parts.get("EMAIL_BACKEND") != SMTP_BACKEND or not parts.get("EMAIL_HOST"):
        # Name the scheme only: the rest of the URL may hold a password.
        scheme = url.partition("://")[0] if "://" in url else "no scheme"
        raise ImproperlyConfigured(
            "DJANGO_SMTP_URL must be the URL of a real mail server with a host, such as "
            "smtp+tls://user:password@smtp.example.com:587; console, memory, file and "
            f"dummy mailers send nothing (got {scheme!r})"
        )
    return {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": parts["EMAIL_HOST"],
            "port": parts["EMAIL_PORT"],
            "username": parts["EMAIL_HOST_USER"],
            "password": parts["EMAIL_HOST_PASSWORD"],
            "use_tls": parts.get("EMAIL_USE_TLS", False),
            "use_ssl": parts.get("EMAIL_USE_SSL", False),
            "timeout": 10,
        },
    }


def site_url(url):
    """DJANGO_SITE_URL: scheme and host (and port), the base of every link sent out."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL must be the site's address, such as https://example.com "
            f"(got {url!r})"
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL holds a path or query; give scheme and host only (got {url!r})"
        )
    return f"{parts.scheme}://{parts.netloc}"


def trusted_proxies(addresses):
    """DJANGO_TRUSTED_PROXIES: IP addresses or networks; an empty list trusts none."""
    addresses = [address.strip() for address in addresses if address.strip()]
    for address in addresses:
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"DJANGO_TRUSTED_PROXIES holds {address!r}, which is not an IP address "
                "or network such as 10.0.0.0/8"
            ) from None
    return addresses
