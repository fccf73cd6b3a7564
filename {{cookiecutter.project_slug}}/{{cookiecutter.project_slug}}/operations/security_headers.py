"""The security headers on every response the application sends, whoever made it.

Django's middleware gives them to the pages it renders. Some responses leave without
passing through it: a static file (WhiteNoise answers before Django), a 400 for a
host the site does not serve (raised inside SecurityMiddleware, before it adds its
headers), and the 500 sent when even the error page fails. ``SecurityHeaders`` wraps
the whole WSGI application (config/wsgi.py) and adds each header a response lacks;
``last_resort`` is the 500 it sends when the application raises.
"""

import logging
import sys

from django.conf import settings
from django.utils.csp import build_policy

logger = logging.getLogger(__name__)

LAST_RESORT_BODY = (
    b'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    b"<title>Server error</title></head>\n<body><h1>Server error</h1>\n"
    b"<p>Something went wrong on our side. Please try again later.</p></body></html>\n"
)


class SecurityHeaders:
    """WSGI middleware: every response carries the site's security headers."""

    def __init__(self, application):
        self.application = application
        # The same values the middleware sends (config/settings/base.py). The policy
        # has no nonce: these responses hold no inline code.
        self.headers = {
            "content-security-policy": build_policy(settings.SECURE_CSP),
            "x-frame-options": settings.X_FRAME_OPTIONS,
            "x-content-type-options": "nosniff",
            "referrer-policy": settings.SECURE_REFERRER_POLICY,
            "cross-origin-opener-policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
            "cross-origin-resource-policy": "same-origin",
        }
        self.hsts = hsts_value()

    def __call__(self, environ, start_response):
        secure = is_secure(environ)

        def start_with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            missing = [
                (name, value)
                for name, value in self.headers.items()
                if name not in present
            ]
            if secure and self.hsts and "strict-transport-security" not in present:
                missing.append(("strict-transport-security", self.hsts))
            return start_response(status, [*headers, *missing], exc_info)

        try:
            return self.application(environ, start_with_headers)
        except Exception:  # noqa: BLE001 -- any error: the visitor still gets a page
            return last_resort(environ, start_with_headers)


def last_resort(environ, start_response):
    """A plain 500 page, logged with its traceback, when the application raised.

    Called while the error is handled, so sys.exc_info() holds it.
    """
    logger.error(
        "Error answering %s %s",
        environ.get("REQUEST_METHOD"),
        environ.get("PATH_INFO"),
        exc_info=sys.exc_info(),
    )
    start_response(
        "500 Internal Server Error",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(LAST_RESORT_BODY))),
            ("Cache-Control", "no-store"),
        ],
        sys.exc_info(),
    )
    return [LAST_RESORT_BODY]


def hsts_value():
    """Strict-Transport-Security as SecurityMiddleware writes it, or "" for none."""
    seconds = settings.SECURE_HSTS_SECONDS
    if not seconds:
        return ""
    value = f"max-age={seconds}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


def is_secure(environ):
    """Whether the request came over HTTPS, as Django's request.is_secure() reads it."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        return environ.get(header, "").split(",")[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"
