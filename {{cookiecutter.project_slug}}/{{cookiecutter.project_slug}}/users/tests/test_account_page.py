"""Tests of the account page's own offers: a member's data, and deleting the account."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pytest_django.asserts import assertContains

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def reauthenticate(client):
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


@pytest.fixture
def member(client):
    user = make_user(first_name="Ada")
    client.force_login(user)
    return user


def test_the_account_page_needs_a_log_in(client):
    response = client.get(reverse("users:account"))

    assert response.url.startswith(reverse("account_login"))


def test_a_member_downloads_their_data_after_giving_the_password_again(client, member):
    first = client.post(reverse("users:download_data"))
    assert first.url.startswith(reverse("account_reauthenticate"))

    reauthenticate(client)
    response = client.post(reverse("users:download_data"))

    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["username"] == member.username
    assert data["account"]["first_name"] == "Ada"
    assert data["account"]["email_addresses"] == [
        {"email": member.email, "verified": True}
    ]
    assert "password" not in json.dumps(data)


def test_deleting_the_account_asks_then_deletes_it_and_signs_out(client, member):
    assertContains(client.get(reverse("users:delete_account")), "cannot be undone")
    refused = client.post(reverse("users:delete_account"))
    assert refused.url.startswith(reverse("account_reauthenticate"))
    assert get_user_model().objects.filter(pk=member.pk).exists()

    reauthenticate(client)
    response = client.post(reverse("users:delete_account"), follow=True)

    assertContains(response, "Your account and everything it wrote are deleted")
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert "_auth_user_id" not in client.session
