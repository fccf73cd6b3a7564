"""Middleware: an id for each request, and one log line per request."""

import logging
import time

from .request_id import start_request_id

logger = logging.getLogger(__name__)


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


def log_request(request, status, started):
    """Log the request's line: its method, path, status and duration since started."""
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    logger.info(
        "%s %s %s %sms",
        request.method,
        request.path,
        status,
        duration_ms,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": duration_ms,
        },
    )
