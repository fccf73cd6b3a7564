"""Tests of whole-page caching for anonymous visitors, on the home page."""

import pytest
from django.urls import reverse

from {{ cookiecutter.project_slug }}.caching.generation import (
    forget_cached_pages,
)

pytestmark = pytest.mark.django_db


def rendered(response):
    """Whether a template was rendered for this response, rather than read from cache."""
    return bool(response.templates)


def test_anonymous_visitors_share_one_rendered_page(client):
    first = client.get(reverse("core:home"))
    second = client.get(reverse("core:home"))

    assert rendered(first)
    assert not rendered(second)
    assert second.content == first.content


def test_a_cached_page_sets_no_cookie_and_keeps_its_headers(client):
    first = client.get(reverse("core:home"))

    response = client.get(reverse("core:home"))

    assert not rendered(response)
    assert not response.cookies
    # The page is the anonymous one: shared caches must not give it to a signed-in user.
    assert "Cookie" in response.headers["Vary"]
    policy = response.headers["Content-Security-Policy"]
    assert "script-src" in policy
    assert "nonce-" not in policy
    # Given by the security middleware when the page was rendered, kept with it.
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    # The request id is this request's own.
    assert response.headers["X-Request-ID"] != first.headers["X-Request-ID"]


def test_signed_in_users_get_a_fresh_personal_page(client, user):
    client.get(reverse("core:home"))
    client.force_login(user)

    response = client.get(reverse("core:home"))

    assert rendered(response)
    assert user.username.encode() in response.content


def test_a_signed_in_users_page_is_never_shown_to_anonymous_visitors(client, user):
    client.force_login(user)
    client.get(reverse("core:home"))
    client.logout()

    response = client.get(reverse("core:home"))

    assert user.username.encode() not in response.content


def test_forgetting_cached_pages_renders_them_afresh_once_committed(
    client, django_capture_on_commit_callbacks
):
    client.get(reverse("core:home"))

    with django_capture_on_commit_callbacks(execute=True):
        forget_cached_pages()
        # Not before the commit: a page rendered now could show the old rows.
        assert not rendered(client.get(reverse("core:home")))

    assert rendered(client.get(reverse("core:home")))


def test_in_development_every_page_is_rendered_afresh(client, settings):
    # So that an edited template shows at once.
    settings.DEBUG = True
    client.get(reverse("core:home"))

    assert rendered(client.get(reverse("core:home")))
