"""Serve requests to a prepared bake in-process, through Django's WSGI handler.

No server and no sockets: what remains is the site's own cost per request, which
valgrind counts in instructions, the same on a quiet machine and a busy one:

    valgrind --tool=callgrind python bench/inprocess.py PROJECT --page / --requests 200

Run it with two request counts and divide the difference by the difference in
requests: start-up cancels out. The project must be migrated, seeded with the bench
user and collected under the environment given (bench/measure.py prepares one). The
last line on stderr is JSON: queries and milliseconds per request.
"""

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

# Run as a script, python puts bench/ on the import path, not the template's folder.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import BENCH_DIR
from bench.pages import HOST


def environ(path, cookie=""):
    """What gunicorn hands the application for a GET behind the TLS proxy."""
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": HOST,
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_ENCODING": "br, gzip",
        **({"HTTP_COOKIE": cookie} if cookie else {}),
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.file_wrapper": file_wrapper,
    }


def file_wrapper(filelike, block_size=8192):
    """gunicorn's wsgi.file_wrapper without sendfile: blocks read in Python."""
    try:
        while block := filelike.read(block_size):
            yield block
    finally:
        filelike.close()


def serve(application, environ_dict):
    """One request through the WSGI application; returns (status, headers, body)."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    result = application(environ_dict, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body


def signed_in_cookie():
    """The seeded bench user's cookies: a session, and the CSRF secret a browser
    keeps from the log-in form."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.test import Client
    from django.utils.crypto import get_random_string

    client = Client()
    client.force_login(
        get_user_model().objects.get(username="bench"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    return (
        f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
    )


class QueryCounter:
    """Counts the SQL statements run, through a database execute wrapper."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--page", default="/", help="path, with ?query (/)")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="settings"
    )
    options = parser.parse_args(argv)
    from conftest import production_env  # on the path once bench is imported

    os.chdir(options.project)
    # The project, and bench/ for the floor's settings (floor.settings).
    sys.path[:0] = [str(options.project), str(BENCH_DIR)]
    # Production settings: the environment's variables, then --env, then defaults.
    for name, value in production_env(
        **dict(e.split("=", 1) for e in options.env)
    ).items():
        if name not in os.environ or any(e.startswith(f"{name}=") for e in options.env):
            os.environ[name] = value
    import django
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    django.setup()
    application = WSGIHandler()
    cookie = signed_in_cookie() if options.signed_in else ""
    # The first request fills the cache and the worker's lazy imports.
    status, _headers, body = serve(application, environ(options.page, cookie))
    if not status.startswith("200"):
        sys.exit(f"{options.page} answered {status}")
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        for _ in range(options.requests):
            serve(application, environ(options.page, cookie))
    elapsed = time.perf_counter() - started
    # stdout carries the site's log lines, one a request.
    print(
        json.dumps(
            {
                "page": options.page,
                "requests": options.requests,
                "queries_per_request": counter.count / options.requests,
                "ms_per_request": 1000 * elapsed / options.requests,
                "bytes": len(body),
            }
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
