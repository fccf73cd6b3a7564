"""Tests of CachedPages: cached pages answered around the WSGI application (config/wsgi.py).

The views below are served by this module's own URLconf. Django counts the requests
it is handed, so a page answered before Django is one it never got.
"""

import logging
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from {{ cookiecutter.project_slug }}.caching.decorators import (
    cache_for_anonymous,
)
from {{ cookiecutter.project_slug }}.caching.generation import (
    forget_cached_pages,
)
from {{ cookiecutter.project_slug }}.caching.wsgi import (
    CachedPages,
)
from {{ cookiecutter.project_slug }}.core.tests.wsgi import (
    call,
)
from {{ cookiecutter.project_slug }}.operations import (
    middleware,
)

pytestmark = pytest.mark.urls(__name__)

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@csrf_exempt  # so that a form posted to it reaches it
@cache_for_anonymous(timeout=60)
def page(request, name):
    return HttpResponse(f"The page called {name}.")


@cache_for_anonymous(timeout=60)
def greeting(request):
    language = request.headers.get("Accept-Language", "en")[:2]
    response = HttpResponse({"pt": "Olá", "en": "Hello"}[language])
    patch_vary_headers(response, ["Accept-Language"])
    return response


urlpatterns = [
    path("greeting/", greeting),
    path("<slug:name>/", page),
]


class CountingDjango(WSGIHandler):
    """Django's WSGI application, counting the requests it is handed."""

    requests = 0

    def __call__(self, environ, start_response):
        self.requests += 1
        return super().__call__(environ, start_response)


@pytest.fixture
def django_application():
    # As Django's test client does: a new request must not close the connection
    # the test runs in.
    request_started.disconnect(close_old_connections)
    yield CountingDjango()
    request_started.connect(close_old_connections)


@pytest.fixture
def application(django_application):
    return CachedPages(django_application)


def test_the_next_visitor_is_answered_before_django(application, django_application):
    first = call(application, "/about/")

    status, headers, body = call(application, "/about/")

    assert django_application.requests == 1
    assert status == first[0] == "200 OK"
    assert body == first[2] == b"The page called about."
    # The headers Django's middleware gave the page, and this request's own id.
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert len(headers.get_all("X-Request-ID")) == 1
    assert headers["X-Request-ID"] != first[1]["X-Request-ID"]
    without_id = [item for item in headers.items() if item[0] != "X-Request-ID"]
    assert without_id == [
        item for item in first[1].items() if item[0] != "X-Request-ID"
    ]


def test_a_cached_page_is_logged_with_its_request_id(application, caplog):
    call(application, "/about/")
    caplog.clear()

    with caplog.at_level(logging.INFO, logger=middleware.logger.name):
        _status, headers, _body = call(
            application, "/about/", HTTP_X_REQUEST_ID="lb-7f3a9c"
        )

    assert headers["X-Request-ID"] == "lb-7f3a9c"
    [record] = [r for r in caplog.records if hasattr(r, "duration_ms")]
    assert (record.method, record.path, record.status) == ("GET", "/about/", 200)


@pytest.mark.parametrize(
    "environ",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=waiting"},
        {"REQUEST_METHOD": "POST"},
    ],
    ids=["session", "message waiting", "post"],
)
def test_django_answers_anyone_with_a_session_a_message_or_a_form(
    application, django_application, environ
):
    call(application, "/about/")

    call(application, "/about/", **environ)

    assert django_application.requests == 2


def test_each_address_and_each_variant_is_kept_apart(application, django_application):
    for _ in range(2):
        assert call(application, "/about/")[2] == b"The page called about."
        assert call(application, "/contact/")[2] == b"The page called contact."
        for language, text in (("en", "Hello"), ("pt-BR", "Olá")):
            answer = call(application, "/greeting/", HTTP_ACCEPT_LANGUAGE=language)
            assert answer[2] == text.encode()

    assert django_application.requests == 4  # each page once, the second time cached


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_page_kept_for_https_is_not_given_to_plain_http(
    application, django_application
):
    call(application, "/about/", **HTTPS)
    call(application, "/about/", **HTTPS)

    call(application, "/about/")

    assert django_application.requests == 2


@pytest.mark.django_db
def test_a_change_forgets_the_pages_at_once(
    application, django_application, django_capture_on_commit_callbacks
):
    call(application, "/about/")
    call(application, "/about/")

    with django_capture_on_commit_callbacks(execute=True):
        forget_cached_pages()
    call(application, "/about/")

    assert django_application.requests == 2


def test_a_page_is_not_answered_past_its_timeout(
    application, django_application, monkeypatch
):
    call(application, "/about/")
    call(application, "/about/")

    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    call(application, "/about/")
    call(application, "/about/")

    # Rendered again once the minute was up, and that copy is the one answered next.
    assert django_application.requests == 2


def test_each_worker_keeps_a_bounded_number_of_pages(application, django_application):
    application.recent_pages_limit = 2
    names = ["one", "two", "three", "four"]

    for name in names * 2:
        assert call(application, f"/{name}/")[2] == f"The page called {name}.".encode()

    assert len(application.recent_pages) <= 2
    assert django_application.requests == len(names)  # the rest from the cache


def test_each_worker_keeps_a_bounded_number_of_bytes(application, django_application):
    # Room for two of these pages (each some 20 bytes), never three.
    application.recent_pages_max_bytes = 50
    names = ["one", "two", "three", "four"]

    for name in names * 2:
        assert call(application, f"/{name}/")[2] == f"The page called {name}.".encode()

    assert application.recent_pages_bytes <= 50
    kept = application.recent_pages.values()
    # Pages, and in a multilingual site the notes naming the headers they vary by.
    assert sum(len(getattr(page, "content", b"")) for page in kept) <= 50
    assert django_application.requests == len(names)  # the rest from the cache


@override_settings(DEBUG=True)
def test_in_development_every_page_is_rendered(application, django_application):
    call(application, "/about/")
    call(application, "/about/")

    assert django_application.requests == 2
