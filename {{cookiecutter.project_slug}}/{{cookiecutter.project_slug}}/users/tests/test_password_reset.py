"""Tests of the forgotten-password flow: the request, the mail, the one-time link."""

import re

import pytest
from django.core import mail
from django.tasks import default_task_backend
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from .factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-passphrase-42"


def ask_for_a_link(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body)[1]


def test_the_log_in_page_links_to_the_reset(client):
    assertContains(client.get(reverse("account_login")), reverse("account_reset_password"))


def test_a_known_address_gets_a_mail_with_a_link(client, user):
    response = ask_for_a_link(client, user.email)

    assertRedirects(response, reverse("account_reset_password_done"))
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "\n" not in message.subject
    assert user.username in message.body
    assert link_in(message).startswith("/accounts/password/reset/")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, user):
    known = ask_for_a_link(client, user.email)
    unknown = ask_for_a_link(client, "nobody@example.com")

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1


def test_the_link_sets_a_new_password_once(client, user):
    ask_for_a_link(client, user.email)
    link = link_in(mail.outbox[0])

    # Django swaps the token in the address for one kept in the session.
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assertRedirects(response, reverse("account_reset_password_complete"))
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assertContains(client.get(link, follow=True), "This link no longer works")
    logged_in = client.post(
        reverse("account_login"), {"username": user.username, "password": NEW_PASSWORD}
    )
    assertRedirects(logged_in, reverse("core:home"), fetch_redirect_response=False)


def test_the_link_expires(client, user, settings):
    ask_for_a_link(client, user.email)
    link = link_in(mail.outbox[0])
    # A negative timeout makes every link already too old.
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.get(link, follow=True)

    assertContains(response, "This link no longer works")


def test_a_mismatched_new_password_changes_nothing(client, user):
    ask_for_a_link(client, user.email)
    form_url = client.get(link_in(mail.outbox[0])).url

    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": "something-else"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "url_name",
    [
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_complete",
    ],
)
def test_reset_pages_are_never_offered_to_the_page_cache(client, url_name):
    # The home page, which anonymous visitors share, shows what an offer looks like.
    assert hasattr(client.get(reverse("core:home")), "anonymous_cache_timeout")

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert not hasattr(response, "anonymous_cache_timeout")


def test_the_reset_form_page_is_rendered_afresh_for_each_visitor(client):
    first = client.get(reverse("account_reset_password"))
    client.cookies.clear()
    second = client.get(reverse("account_reset_password"))

    def token(response):
        return re.search(
            rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content
        )[1]

    assert token(first) != token(second)


def test_the_mail_is_queued_not_sent_in_the_request(client, user, settings):
    # A backend that only stores tasks: the request must not send anything itself.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }

    ask_for_a_link(client, user.email)

    assert mail.outbox == []
    [queued] = default_task_backend.results
    assert queued.task.name == "send_email"
    assert queued.args[2] == [user.email]


@pytest.mark.parametrize("host", ["localhost:6666", "localhost"])
def test_the_link_leads_to_the_site_url_whatever_host_the_request_named(
    client, user, settings, host
):
    # A client reaching gunicorn directly writes the Host header; the port is not
    # checked against ALLOWED_HOSTS. The token must still go to the site itself.
    settings.SITE_URL = "https://accounts.example.org"

    client.post(
        reverse("account_reset_password"), {"email": user.email}, headers={"host": host}
    )

    [message] = mail.outbox
    assert "https://accounts.example.org/accounts/password/reset/" in message.body
    assert host not in message.body
