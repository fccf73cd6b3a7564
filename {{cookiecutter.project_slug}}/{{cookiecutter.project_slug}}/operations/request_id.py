"""The id of the request being served, so that every log line of a request carries it.

A context variable holds it: each thread (or async task) serving a request sees its
own value, and the logging filter below copies it onto each record.
"""

import contextvars
import logging
import re
import uuid

current_request_id = contextvars.ContextVar("request_id", default=None)

# An id from a proxy or a client is kept only if it is short and plain: anything else
# could forge or break log lines.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

# Read from META: request.headers would build a dict of every header, on each of the
# many requests (cached pages) that need this one alone.
REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"


def start_request_id(meta):
    """Give the request with this META (a WSGI environ) its id, and return it.

    Every log line made from now on in this thread carries it. It is not reset when
    the request ends: Django logs 4xx responses (django.request) after the middleware
    has returned, and those lines belong to this request too. The next request served
    in this thread sets its own id first.
    """
    request_id = request_id_from(meta.get(REQUEST_ID_HEADER))
    current_request_id.set(request_id)
    return request_id


def request_id_from(header):
    """The caller's X-Request-ID if it is safe to log, otherwise a new random one."""
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Stamp each log record with the current request's id (None outside requests)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
