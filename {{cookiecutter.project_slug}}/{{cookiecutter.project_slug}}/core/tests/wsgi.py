"""Ask a WSGI application for a page as a WSGI server would, in tests of config/wsgi.py."""

from io import BytesIO
from wsgiref.headers import Headers
from wsgiref.util import setup_testing_defaults


def call(application, path, **environ):
    """(status, headers, body) of application's answer; environ adds or overrides
    the request's variables (HTTP_COOKIE, REQUEST_METHOD...)."""
    environ = {
        "PATH_INFO": path,
        "HTTP_HOST": "testserver",
        "wsgi.input": BytesIO(),
        **environ,
    }
    setup_testing_defaults(environ)
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=Headers(headers))

    body = b"".join(application(environ, start_response))
    return answered["status"], answered["headers"], body
