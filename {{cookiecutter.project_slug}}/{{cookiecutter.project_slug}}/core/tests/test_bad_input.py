"""Hostile or broken requests get a clear error page and change nothing.

Each test sends a sign-up that would create an account if it got through, then checks
that no account exists.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import path, reverse

from config.urls import urlpatterns as site_urlpatterns
from {{ cookiecutter.project_slug }}.users.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGNUP = {
    "username": "intruder",
    "email": "intruder@example.com",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def fail(request):
    raise RuntimeError("database password is hunter2")


# This module doubles as a URLconf: the site's URLs plus one view that fails.
urlpatterns = [*site_urlpatterns, path("fail/", fail)]


def templates_of(response):
    return [template.name for template in response.templates]


def test_an_unknown_host_gets_the_400_page(client):
    response = client.post(
        reverse("account_signup"), SIGNUP, headers={"Host": "evil.test"}
    )

    assert response.status_code == 400
    assert "400.html" in templates_of(response)
    assert not User.objects.exists()


def test_a_form_without_its_csrf_token_gets_the_403_page():
    response = Client(enforce_csrf_checks=True).post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 403
    assert "403_csrf.html" in templates_of(response)
    assert b"Form expired" in response.content
    assert not User.objects.exists()


def test_a_form_with_a_wrong_csrf_token_gets_the_403_page():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_signup"))  # sets the CSRF cookie
    assert settings.CSRF_COOKIE_NAME in client.cookies

    response = client.post(
        reverse("account_signup"), {**SIGNUP, "csrfmiddlewaretoken": "x" * 64}
    )

    assert response.status_code == 403
    assert "403_csrf.html" in templates_of(response)
    assert not User.objects.exists()


def test_an_oversized_body_gets_the_400_page(client):
    padding = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = client.post(reverse("account_signup"), {**SIGNUP, "padding": padding})

    assert response.status_code == 400
    assert "400.html" in templates_of(response)
    assert not User.objects.exists()


def test_too_many_fields_get_the_400_page(client):
    extra = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}

    response = client.post(reverse("account_signup"), {**SIGNUP, **extra})

    assert response.status_code == 400
    assert "400.html" in templates_of(response)
    assert not User.objects.exists()


@pytest.mark.urls(__name__)
def test_an_error_shows_the_500_page_and_nothing_of_the_cause():
    client = Client(raise_request_exception=False)

    response = client.get("/fail/")

    assert response.status_code == 500
    assert "500.html" in templates_of(response)
    for leak in (b"Traceback", b"RuntimeError", b"hunter2", b"SECRET_KEY", b"DEBUG"):
        assert leak not in response.content


def test_an_unknown_url_gets_the_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in templates_of(response)
    assert b"Traceback" not in response.content
