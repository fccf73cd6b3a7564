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
