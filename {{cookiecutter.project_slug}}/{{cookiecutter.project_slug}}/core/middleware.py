"""Middleware: request ids, one log line per request, and a header Django has no setting for."""

import logging
import time

from .request_id import current_request_id, request_id_from

logger = logging.getLogger(__name__)

# Read from META: request.headers would build a dict of every header, on each of the
# many requests (cached pages) that need this one alone.
REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"


class RequestIdMiddleware:
    """Give each request an id: ``request.request_id``, every log record made while
    serving it, and the ``X-Request-ID`` response header.

    An incoming ``X-Request-ID`` (from a proxy or a client) is kept if it is safe, so
    one id follows the request through every service it crosses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.META.get(REQUEST_ID_HEADER))
        # Not reset on the way out: Django logs 4xx responses (django.request) after
        # the middleware has returned, and those lines belong to this request too.
        # The next request served in this thread sets its own id first.
        current_request_id.set(request.request_id)
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
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        logger.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


class CrossOriginResourcePolicyMiddleware:
    """Ask browsers not to hand this site's responses to pages of other sites.

    Stops another site from embedding our pages, images or scripts (and so from
    reading them through a side channel such as Spectre).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
