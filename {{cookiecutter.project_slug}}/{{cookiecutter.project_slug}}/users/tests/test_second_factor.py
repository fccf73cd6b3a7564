"""Tests of the second factor: one-time codes with recovery codes, asked at sign-in
(the admin's too) once enrolled, and never guessed without limit."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from .factories import PASSWORD, make_user
from .totp import totp_code

pytestmark = pytest.mark.django_db


def log_in(client, user, url=None):
    return client.post(
        url or reverse("account_login"), {"login": user.username, "password": PASSWORD}
    )


def enrol(client, user):
    """Sign in, enrol an authenticator app; return its secret and recovery codes."""
    log_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assertContains(page, "<svg")  # the QR code, drawn in the page
    secret = page.context["form"].secret
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert activated.status_code == 302
    codes = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]
    client.logout()
    return secret, codes


@pytest.fixture
def enrolled(client):
    user = make_user(is_staff=True)
    secret, codes = enrol(client, user)
    return user, secret, codes


def test_once_enrolled_signing_in_asks_for_a_code(client, enrolled):
    user, secret, _codes = enrolled

    response = log_in(client, user)

    assertRedirects(response, reverse("mfa_authenticate"))
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_code_does_not_sign_in(client, enrolled):
    user, secret, _codes = enrolled
    log_in(client, user)

    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.context["form"].errors["code"]
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once(client, enrolled):
    user, _secret, codes = enrolled

    log_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    log_in(client, user)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert again.context["form"].errors["code"]


def test_guessing_codes_is_limited(client, enrolled, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/key"}
    user, secret, _codes = enrolled
    log_in(client, user)
    for _ in range(3):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})

    refused = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_asks_staff_for_their_code_too(client, enrolled):
    user, secret, _codes = enrolled
    admin = reverse("admin:index")

    # The admin's log-in page sends to the site's, which returns to the admin.
    login_url = client.get(admin, follow=True).redirect_chain[-1][0]
    assert login_url.startswith(reverse("account_login"))
    response = log_in(client, user, url=login_url)

    assertRedirects(response, reverse("mfa_authenticate"))
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.url == admin
    assert client.get(admin).status_code == 200


def test_removing_the_factor_asks_for_it_again(client, enrolled, monkeypatch):
    user, secret, _codes = enrolled
    log_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.url.startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=user, type="totp").exists()
