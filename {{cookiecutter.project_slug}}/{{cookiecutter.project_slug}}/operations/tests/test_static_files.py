"""Tests of the static files answered around the WSGI application (config/wsgi.py)."""

from django.test import override_settings

from {{ cookiecutter.project_slug }}.core.tests.wsgi import call
from {{ cookiecutter.project_slug }}.operations.static_files import StaticFiles


def django(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"from Django"]


def test_static_files_are_answered_with_the_security_headers(tmp_path):
    (tmp_path / "site.css").write_text("body { margin: 0 }")
    with override_settings(STATIC_ROOT=tmp_path, STATIC_URL="/static/"):
        application = StaticFiles(django)

    status, headers, body = call(application, "/static/site.css")

    assert status == "200 OK"
    assert body == b"body { margin: 0 }"
    assert headers["Content-Type"].startswith("text/css")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_every_other_address_goes_to_django(tmp_path):
    (tmp_path / "site.css").write_text("body { margin: 0 }")
    with override_settings(STATIC_ROOT=tmp_path, STATIC_URL="/static/"):
        application = StaticFiles(django)

    for path in ("/", "/static/missing.css", "/site.css"):
        assert call(application, path)[2] == b"from Django"
