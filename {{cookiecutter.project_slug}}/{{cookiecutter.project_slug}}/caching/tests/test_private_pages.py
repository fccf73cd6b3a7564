"""Tests of PrivatePagesMiddleware: pages for one reader say so in Cache-Control."""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

pytestmark = pytest.mark.django_db


def directives(response):
    return {
        part.strip().split("=")[0]
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


@pytest.mark.parametrize("url_name", ["core:home", "account_change_password"])
def test_signed_in_pages_are_private_and_not_stored(client, user, url_name):
    client.force_login(user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize("url_name", ["account_signup", "account_login"])
def test_a_form_for_a_visitor_is_private_and_not_stored(client, url_name):
    response = client.get(reverse(url_name))

    assert {"private", "no-store"} <= directives(response)


def test_public_pages_keep_what_they_had(client):
    response = client.get(reverse("core:home"))

    assert "private" not in directives(response)
    assert "no-store" not in directives(response)
    assert get_max_age(response) is None
