"""Middleware: a request the site cannot read, or that carries a NUL, gets a 400."""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import QueryDict

NUL = "\x00"


class ReadableRequestMiddleware:
    """Refuse, with the site's own 400 page, what no view could use safely.

    A form Django cannot parse (a charset other than UTF-8, too many fields, too
    large) raises when it is first read. Django's error pages check the CSRF token,
    which reads the form again: that second failure, inside the error page, was a
    bare 500 from gunicorn. Read here first, a form that fails is replaced by an
    empty one before the 400 page renders.

    A NUL character cannot be stored in a PostgreSQL text column, nor compared with
    one: a query parameter, form field or cookie holding one would reach the
    database as a DataError, a 500. No text the site takes may hold it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            form = request.POST
        except (BadRequest, SuspiciousOperation):
            request.POST = QueryDict()
            raise
        if has_nul(request.GET) or has_nul(form) or has_nul(request.COOKIES):
            raise BadRequest("A NUL character in a parameter, field or cookie")
        return self.get_response(request)


def has_nul(values):
    """Whether a NUL appears in any name or value of a QueryDict or a dict."""
    items = values.lists() if isinstance(values, QueryDict) else values.items()
    for name, value in items:
        texts = value if isinstance(value, list) else [value]
        if NUL in name or any(NUL in text for text in texts):
            return True
    return False
