"""Tests of the account pages' rate limits: each trips into the 429 page, counts per
visitor address and per account or address typed, recovers, and refuses when the
cache it counts in fails."""

import time

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from {{ cookiecutter.project_slug }}.caching import backends

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def later(monkeypatch):
    """Move the rate limits' clock on by some seconds."""

    def move(seconds):
        moved = time.time() + seconds
        monkeypatch.setattr(time, "time", lambda: moved)

    return move


def log_in(client, username, password, address="192.0.2.1"):
    return client.post(
        reverse("account_login"),
        {"login": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_wrong_passwords_for_one_account_pause_its_log_ins(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/key"}
    user = make_user()
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert log_in(client, user.username, "wrong", address).status_code == 200

    # From another address still, even with the right password.
    refused = log_in(client, user.username, PASSWORD, "192.0.2.4")

    assertContains(refused, "Too many tries", status_code=429)
    assert "_auth_user_id" not in client.session
    # Other accounts are not paused.
    assert log_in(client, make_user().username, PASSWORD).status_code == 302


def test_wrong_passwords_from_one_address_pause_it_for_every_account(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    for number in range(3):
        log_in(client, f"someone{number}", "wrong")

    refused = log_in(client, make_user().username, PASSWORD)

    assert refused.status_code == 429
    # Another address is not paused.
    other_address = log_in(client, make_user().username, PASSWORD, "192.0.2.9")
    assert other_address.status_code == 302


def test_a_paused_log_in_works_again_after_the_period(client, settings, later):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/5m/key"}
    user = make_user()
    log_in(client, user.username, "wrong")
    log_in(client, user.username, "wrong")
    assert log_in(client, user.username, PASSWORD).status_code == 429

    later(5 * 60 + 1)

    assert log_in(client, user.username, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("url_name", "action", "data"),
    [
        ("account_signup", "signup", {"username": "x", "email": "x@example.com"}),
        ("account_reset_password", "reset_password", {"email": "x@example.com"}),
        ("account_login", "login", {"login": "x", "password": "y"}),
    ],
)
def test_each_visitor_page_has_its_limit_per_address(
    client, settings, url_name, action, data
):
    settings.ACCOUNT_RATE_LIMITS = {action: "2/m/ip"}
    url = reverse(url_name)
    for _ in range(2):
        assert client.post(url, data, REMOTE_ADDR="192.0.2.1").status_code != 429

    assert client.post(url, data, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(url, data, REMOTE_ADDR="192.0.2.2").status_code != 429


def test_reset_mails_to_one_address_are_limited_whoever_asks(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "2/m/key"}
    url = reverse("account_reset_password")
    for address in ("192.0.2.1", "192.0.2.2"):
        client.post(url, {"email": "ada@example.com"}, REMOTE_ADDR=address)

    refused = client.post(url, {"email": "ADA@example.com"}, REMOTE_ADDR="192.0.2.3")

    assert refused.status_code == 429


def test_guessing_the_old_password_of_a_stolen_session_is_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"change_password": "2/m/user"}
    client.force_login(make_user())
    wrong = {"oldpassword": "guess", "password1": "n3w-pass-word", "password2": "n3w"}
    url = reverse("account_change_password")
    for _ in range(2):
        assert client.post(url, wrong).status_code == 200

    assert client.post(url, wrong).status_code == 429


def test_log_ins_are_refused_while_the_cache_cannot_count(client, settings, tmp_path):
    # The site's own cache, failing: its folder cannot be made (a file is in the
    # way). The counts would be lost, so the log-in page refuses rather than let
    # unlimited guesses through.
    (tmp_path / "a-file").touch()
    settings.CACHES = {
        "default": {
            "BACKEND": f"{backends.__name__}.DegradingFileBasedCache",
            "LOCATION": str(tmp_path / "a-file" / "cache"),
        }
    }
    user = make_user()

    refused = log_in(client, user.username, PASSWORD)

    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def reauthenticate(client, password=PASSWORD):
    return client.post(reverse("account_reauthenticate"), {"password": password})


def add_address(client, number):
    return client.post(
        reverse("account_email"),
        {"action_add": "", "email": f"new{number}@example.com"},
    )


def set_password_from_a_link(client, number):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x"})
    return client.post(url, {"password1": "n3w-pass-word", "password2": "n3w"})


def wrong_password_again(client, number):
    return reauthenticate(client, "wrong")


@pytest.mark.parametrize(
    ("action", "rate", "send"),
    [
        ("reauthenticate", "2/m/user", wrong_password_again),
        ("manage_email", "2/m/user", add_address),
        ("reset_password_from_key", "2/m/ip", set_password_from_a_link),
    ],
)
def test_each_members_page_has_its_limit_and_recovers(
    client, settings, later, action, rate, send
):
    member = make_user()
    client.force_login(member)
    reauthenticate(client)
    settings.ACCOUNT_RATE_LIMITS = {action: rate}
    for number in range(2):
        assert send(client, number).status_code != 429

    assert send(client, 2).status_code == 429
    later(61)
    reauthenticate(client)
    assert send(client, 3).status_code != 429


def test_confirmation_mails_to_one_address_are_limited_then_sent_again(
    client, settings, later, mailoutbox
):
    settings.ACCOUNT_RATE_LIMITS = {"confirm_email": "1/3m/key"}
    member = make_user(verified=False)
    for _ in range(3):
        log_in(client, member.username, PASSWORD)  # each asks for the mail again
    assert len(mailoutbox) == 1

    later(3 * 60 + 1)
    log_in(client, member.username, PASSWORD)

    assert len(mailoutbox) == 2
