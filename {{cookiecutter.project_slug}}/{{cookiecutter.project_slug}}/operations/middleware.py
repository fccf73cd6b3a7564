"""Middleware: forwarded headers from trusted proxies only, an id for each request,
and one log line per request."""

import ipaddress
import logging
import time
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .request_id import start_request_id

logger = logging.getLogger(__name__)


# The headers a proxy writes to tell what it saw: the visitor's address, the scheme,
# host and port it was asked for.
FORWARDED_PREFIXES = ("HTTP_X_FORWARDED_", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


class TrustedProxyMiddleware:
    """Drop X-Forwarded-For, X-Forwarded-Proto and their kin unless the request comes
    from one of TRUSTED_PROXIES (addresses or networks).

    nginx writes these headers itself, and Django believes them: the visitor's address
    for the log-in throttle, HTTPS for secure cookies and the redirect. From anyone
    else they are whatever the client chose, so a client reaching gunicorn directly
    could pick a new address for each guess, or lock another address out. A request
    over a Unix socket (no address) comes from a process on this machine that the
    socket's permissions let in: the proxy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_trusted = lru_cache(maxsize=1024)(_trust_test(settings.TRUSTED_PROXIES))

    def __call__(self, request):
        meta = request.META
        if not self.is_trusted(meta.get("REMOTE_ADDR", "")):
            for name in [name for name in meta if name.startswith(FORWARDED_PREFIXES)]:
                del meta[name]
        return self.get_response(request)


def _trust_test(proxies):
    try:
        networks = [ipaddress.ip_network(proxy, strict=False) for proxy in proxies]
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXIES: {error}; list IP addresses or networks "
            "(10.0.0.0/8), comma-separated"
        ) from None

    def is_trusted(address):
        if not address:
            return True
        try:
            return any(ipaddress.ip_address(address) in net for net in networks)
        except ValueError:
            return False

    return is_trusted


class RequestIdMiddleware:
    """Give each request an id: ``request.request_id``, every log record made while
    serving it, and the ``X-Request-ID`` response header.

    An incoming ``X-Request-ID`` (from a proxy or a client) is kept if it is safe, so
    one id follows the request through every service it crosses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = start_request_id(request.META)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class RequestLogMiddleware:
    """Log one line per request with its method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        log_request(request, response.status_code, started)
        return response


# Parts of an address that are secrets: the tokens of the links in account mails
# (confirm an address, choose a password), as their URL patterns name them.
SECRET_URL_PARTS = ("key", "token", "uidb64", "uidb36")


def loggable_path(request):
    """The request's path with any secret part of it replaced by [secret]."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name in SECRET_URL_PARTS:
        if match and (secret := match.kwargs.get(name)):
            path = path.replace(str(secret), "[secret]")
    return path


def log_request(request, status, started):
    """Log the request's line: its method, path, status and duration since started."""
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    path = loggable_path(request)
    logger.info(
        "%s %s %s %sms",
        request.method,
        path,
        status,
        duration_ms,
        extra={
            "method": request.method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
        },
    )
