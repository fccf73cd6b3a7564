"""Tests of log-in throttling (django-axes): too many failures pause an address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def log_in(client, username, password, address="192.0.2.1", url_name="users:login"):
    return client.post(
        reverse(url_name),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail_until_locked(client, username, settings, **where):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, username, "wrong-password", **where)


def test_the_right_password_is_refused_once_the_limit_is_reached(
    client, user, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, user.username, "wrong-password").status_code == 200

    refused = log_in(client, user.username, "wrong-password")
    right = log_in(client, user.username, PASSWORD)

    assert refused.status_code == right.status_code == 429
    assertContains(right, "Too many log-in attempts", status_code=429)
    assertContains(right, "Try again in 15", status_code=429)
    assert right["Retry-After"] == str(15 * 60)
    assert "_auth_user_id" not in client.session


def test_after_the_cool_off_the_right_password_works(client, user, settings):
    fail_until_locked(client, user.username, settings)
    # The failures are as old as the cool-off: they no longer count.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    response = log_in(client, user.username, PASSWORD)

    assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)


def test_failures_from_another_address_never_lock_a_user_out(client, user, settings):
    fail_until_locked(client, user.username, settings, address="198.51.100.7")

    response = log_in(client, user.username, PASSWORD, address="192.0.2.1")

    assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)


def test_an_address_trying_many_accounts_is_locked_too(client, user, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess{number}", "wrong-password")

    assert log_in(client, user.username, PASSWORD).status_code == 429


def test_logging_in_to_an_own_account_does_not_wipe_the_count(client, user, settings):
    own = make_user()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, user.username, "wrong-password")
    log_in(client, own.username, PASSWORD)
    client.logout()

    log_in(client, user.username, "wrong-password")

    assert log_in(client, user.username, PASSWORD).status_code == 429


def test_the_admin_log_in_is_throttled_too(client, admin_user, settings):
    url_name = "admin:login"
    fail_until_locked(client, admin_user.username, settings, url_name=url_name)

    response = log_in(client, admin_user.username, "password", url_name=url_name)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_the_visitor_address_counts(client, user, settings):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("users:login"),
            {"username": user.username, "password": "wrong-password"},
            REMOTE_ADDR="127.0.0.1",
            headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.7"},
        )

    # Another visitor through the same proxy is not locked out.
    response = client.post(
        reverse("users:login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        headers={"X-Forwarded-For": "192.0.2.1"},
    )

    assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)


def test_a_client_that_is_not_the_proxy_cannot_choose_its_address(
    client, user, settings
):
    # Behind a proxy, but this request comes straight to gunicorn from elsewhere, each
    # try claiming a new address: every try counts against the one it came from.
    settings.PROXY_COUNT = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("users:login"),
            {"username": user.username, "password": "wrong-password"},
            REMOTE_ADDR="198.51.100.20",
            headers={"X-Forwarded-For": f"203.0.113.{number}"},
        )

    response = client.post(
        reverse("users:login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.20",
        headers={"X-Forwarded-For": "192.0.2.99"},
    )

    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.20"


def test_a_client_cannot_lock_another_address_out(client, user, settings):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("users:login"),
            {"username": user.username, "password": "wrong-password"},
            REMOTE_ADDR="198.51.100.20",
            headers={"X-Forwarded-For": "192.0.2.1"},
        )

    # The visitor it claimed to be logs in through the proxy as usual.
    response = client.post(
        reverse("users:login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        headers={"X-Forwarded-For": "192.0.2.1"},
    )

    assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)
