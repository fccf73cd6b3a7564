"""Tests of signing in and out, and of changing the password and the address."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertRedirects

from .factories import PASSWORD, make_user
from .mails import link_in, mails_to

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-passphrase-42"


def log_in(client, user, password=PASSWORD, url=None):
    return client.post(
        url or reverse("account_login"), {"login": user.username, "password": password}
    )


@pytest.mark.parametrize(
    "url_name", ["account_login", "account_signup", "account_reset_password"]
)
def test_account_pages_carry_the_site_title_and_no_host(client, url_name):
    response = client.get(reverse(url_name))

    assert escape(settings.SITE_TITLE) in response.content.decode()
    # Absolute links to the site's own pages may name the host; nothing else may.
    page = response.content.decode().replace('="http://testserver/', '="/')
    assert "testserver" not in page


def test_login_with_the_right_password(client):
    user = make_user()

    response = log_in(client, user)

    assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_a_wrong_password_shows_an_error(client):
    user = make_user()

    response = log_in(client, user, "wrong")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_login_returns_to_the_page_asked_for(client):
    user = make_user()
    target = reverse("users:account")

    response = log_in(client, user, url=f"{reverse('account_login')}?next={target}")

    assert response.url == target


def test_the_log_out_link_asks_before_it_logs_out(client):
    # A link anyone could plant (an image, say) must not end the session.
    client.force_login(make_user())

    response = client.get(reverse("account_logout"))

    assertContains(response, f'action="{reverse("account_logout")}"')
    assert "_auth_user_id" in client.session


def test_logout_ends_the_session(client):
    client.force_login(make_user())

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_requires_login(client):
    response = client.get(reverse("account_change_password"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_password_change_needs_the_old_password(client):
    user = make_user()
    log_in(client, user)
    change = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    refused = client.post(
        reverse("account_change_password"), {"oldpassword": "wrong", **change}
    )
    client.post(reverse("account_change_password"), {"oldpassword": PASSWORD, **change})

    assert refused.context["form"].errors["oldpassword"]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)  # still signed in here


def reauthenticate(client):
    return client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_a_new_address_replaces_the_old_only_once_confirmed(client):
    user = make_user(email="old@example.com")
    log_in(client, user)
    reauthenticate(client)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new@example.com"}
    )

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user, primary=True).email == "old@example.com"
    [message] = mails_to("new@example.com")
    client.post(link_in(message))
    assert EmailAddress.objects.get(user=user, primary=True).email == "new@example.com"
    assert not EmailAddress.objects.filter(email="old@example.com").exists()


@pytest.mark.parametrize("reauthenticated_seconds_ago", [None, 301])
def test_changing_the_address_asks_for_the_password_again(
    client, reauthenticated_seconds_ago, monkeypatch
):
    user = make_user()
    log_in(client, user)  # signing in is not enough
    if reauthenticated_seconds_ago:
        reauthenticate(client)
        later = time.time() + reauthenticated_seconds_ago
        monkeypatch.setattr(time, "time", lambda: later)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new@example.com"}
    )

    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="new@example.com").exists()


def test_the_admin_signs_in_through_the_sites_log_in(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_account_page_links_to_each_setting(client):
    client.force_login(make_user())

    response = client.get(reverse("users:account"))

    for url_name in ("account_email", "account_change_password", "mfa_index"):
        assertContains(response, reverse(url_name))
