"""Tests of SecurityHeaders: every response the application sends has them."""

from django.test import override_settings

from {{ cookiecutter.project_slug }}.core.tests.wsgi import (
    call,
)
from {{ cookiecutter.project_slug }}.operations.security_headers import (
    SecurityHeaders,
)

HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
)


def bare(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"bare"]


def broken(environ, start_response):
    raise RuntimeError("the error page itself failed")


def own_policy(environ, start_response):
    start_response("200 OK", [("Content-Security-Policy", "default-src 'self'")])
    return [b"mine"]


def test_a_response_without_the_headers_gets_each_one():
    status, headers, body = call(SecurityHeaders(bare), "/")

    assert status == "200 OK"
    assert body == b"bare"
    for name in HEADERS:
        assert headers[name], name
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_a_header_the_response_has_is_kept_as_it_is():
    _, headers, _ = call(SecurityHeaders(own_policy), "/")

    assert headers.get_all("Content-Security-Policy") == ["default-src 'self'"]


@override_settings(
    SECURE_HSTS_SECONDS=600, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_hsts_goes_to_https_requests_only():
    _, over_https, _ = call(SecurityHeaders(bare), "/", HTTP_X_FORWARDED_PROTO="https")
    _, over_http, _ = call(SecurityHeaders(bare), "/")

    assert over_https["Strict-Transport-Security"].startswith("max-age=600")
    assert "Strict-Transport-Security" not in over_http


def test_an_application_that_raises_answers_a_plain_500_with_the_headers(caplog):
    status, headers, body = call(SecurityHeaders(broken), "/anywhere/")

    assert status == "500 Internal Server Error"
    assert b"Server error" in body
    assert b"Traceback" not in body
    for name in HEADERS:
        assert headers[name], name
    assert "the error page itself failed" in caplog.text
