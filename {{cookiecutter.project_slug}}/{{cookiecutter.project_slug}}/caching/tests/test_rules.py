"""Tests of what cache_for_anonymous keeps: only pages that hold nothing of one visitor.

The views below are served by this module's own URLconf.
"""

from collections import Counter

import pytest
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import patch_vary_headers

from {{ cookiecutter.project_slug }}.caching.decorators import (
    cache_for_anonymous,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

views_run: Counter[str] = Counter()


def page(request, name, source):
    views_run[name] += 1
    return TemplateResponse(request, engines["django"].from_string(source))


@cache_for_anonymous(timeout=60, query_parameters=("page",))
def plain(request):
    return page(request, "plain", "Nothing personal.")


@cache_for_anonymous(timeout=60)
def form(request):
    return page(request, "form", "<form>{% raw %}{% csrf_token %}{% endraw %}</form>")


@cache_for_anonymous(timeout=60)
def nonce(request):
    return page(request, "nonce", "<script {% raw %}{% csp_nonce_attr %}{% endraw %}></script>")


@cache_for_anonymous(timeout=60)
def session(request):
    request.session["seen"] = True
    return page(request, "session", "Noted.")


@cache_for_anonymous(timeout=60)
def cookie(request):
    views_run["cookie"] += 1
    response = HttpResponse("A cookie for you.")
    response.set_cookie("flavour", "oat")
    return response


@cache_for_anonymous(timeout=60)
def inbox(request):
    return page(
        request,
        "inbox",
        "{% raw %}{{ messages|join:', ' }}{% endraw %}",
    )


@cache_for_anonymous(timeout=60)
def greeting(request):
    # A page in the visitor's language, as LocaleMiddleware would choose it.
    views_run["greeting"] += 1
    language = request.COOKIES.get(
        settings.LANGUAGE_COOKIE_NAME, request.headers.get("Accept-Language", "en")
    )[:2]
    response = HttpResponse({"pt": "Olá", "en": "Hello"}.get(language, "Hello"))
    patch_vary_headers(response, ["Accept-Language"])
    return response


@cache_for_anonymous(timeout=60)
def anything(request):
    views_run["anything"] += 1
    response = HttpResponse("It depends.")
    patch_vary_headers(response, ["*"])
    return response


def leave_message(request):
    messages.info(request, "Welcome back.")
    return HttpResponse("Message left.")


urlpatterns = [
    path("plain/", plain),
    path("form/", form),
    path("nonce/", nonce),
    path("session/", session),
    path("cookie/", cookie),
    path("inbox/", inbox),
    path("leave-message/", leave_message),
    path("greeting/", greeting),
    path("anything/", anything),
]


@pytest.fixture(autouse=True)
def count_afresh():
    views_run.clear()


def test_a_plain_page_is_rendered_once_per_address(client):
    for _ in range(3):
        client.get("/plain/?page=1")
    client.get("/plain/?page=2")

    assert views_run["plain"] == 2


@pytest.mark.parametrize(
    "query", ["?utm=1", "?page=1&utm=1", "?page=1&page=2", "?Page=1"]
)
def test_an_address_with_other_parameters_than_the_page_reads_is_not_kept(
    client, query
):
    for _ in range(3):
        client.get(f"/plain/{query}")

    assert views_run["plain"] == 3


def test_a_plain_page_is_rendered_for_each_signed_in_request(client, user):
    client.force_login(user)

    client.get("/plain/")
    client.get("/plain/")

    assert views_run["plain"] == 2


@pytest.mark.parametrize("name", ["form", "nonce", "session", "cookie"])
def test_a_page_holding_a_token_a_nonce_or_a_cookie_is_never_cached(client, name):
    client.get(f"/{name}/")
    client.get(f"/{name}/")

    assert views_run[name] == 2


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page_that_shows_it(client):
    client.get("/inbox/")
    client.get("/leave-message/")

    response = client.get("/inbox/")

    assert b"Welcome back." in response.content
    assert views_run["inbox"] == 2


def test_a_failing_cache_costs_speed_not_the_page(client, settings, tmp_path, caplog):
    # A cache folder below a regular file can never be created: every write fails.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.CACHES = {
        "default": {
            "BACKEND": "{{ cookiecutter.project_slug }}.caching.backends.DegradingFileBasedCache",
            "LOCATION": str(blocker / "cache"),
        }
    }
    # Sessions in the database only: a cache-backed session store would build this
    # cache, and fail, before the page cache is asked.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"

    responses = [client.get("/plain/") for _ in range(2)]

    assert [response.status_code for response in responses] == [200, 200]
    assert views_run["plain"] == 2
    assert "The cache failed" in caplog.text


def test_a_page_that_varies_by_a_header_is_cached_once_per_value(client):
    answers = [
        client.get("/greeting/", headers={"Accept-Language": language}).content
        for language in ["pt-BR", "en", "pt-BR", "en", "pt-BR"]
    ]

    assert answers == [b"Ol\xc3\xa1", b"Hello", b"Ol\xc3\xa1", b"Hello", b"Ol\xc3\xa1"]
    assert views_run["greeting"] == 2


def test_a_chosen_language_is_kept_apart_from_the_browsers(client):
    client.get("/greeting/", headers={"Accept-Language": "en"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt-br"

    chosen = client.get("/greeting/", headers={"Accept-Language": "en"})

    assert chosen.content == "Olá".encode()
    assert views_run["greeting"] == 2


def test_a_page_that_varies_by_anything_is_never_cached(client):
    client.get("/anything/")
    client.get("/anything/")

    assert views_run["anything"] == 2
