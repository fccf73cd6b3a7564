"""Tests of ReadableRequestMiddleware: what the site cannot read gets its own 400."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    # As a real server answers: an error becomes a page, not a test failure.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "ascii", "cp1252"])
def test_a_form_in_a_charset_django_cannot_read_gets_the_400_page(visitor, charset):
    response = visitor.generic(
        "POST",
        reverse("account_login"),
        b"username=a&password=b",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )

    assert response.status_code == 400
    assertTemplateUsed(response, "400.html")


@pytest.mark.parametrize(
    ("method", "data", "headers"),
    [
        ("get", {"next": "/\x00"}, {}),
        ("get", {"\x00": "x"}, {}),
        ("post", {"login": "a\x00b", "password": "b"}, {}),
        # A quoted cookie value may spell a NUL in octal, which Django unquotes.
        ("get", {}, {"HTTP_COOKIE": 'sessionid="abcdefgh\\000ijkl"'}),
    ],
    ids=["query-value", "query-name", "form-field", "cookie"],
)
def test_a_nul_anywhere_gets_the_400_page(visitor, method, data, headers):
    response = getattr(visitor, method)(reverse("account_login"), data, **headers)

    assert response.status_code == 400
    assertTemplateUsed(response, "400.html")


def test_plain_text_passes(visitor):
    response = visitor.get(reverse("account_login"), {"next": "/accounts/ é"})

    assert response.status_code == 200
