"""Tests of the forgotten-password flow: the request, the mail, the one-time link."""

import re

import pytest
from django.core import mail
from django.tasks import default_task_backend
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from .factories import PASSWORD, make_user
from .mails import link_in, mails_to

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-passphrase-42"


def ask_for_a_link(client, email, **headers):
    return client.post(reverse("account_reset_password"), {"email": email}, **headers)


def set_password(client, link, password1=NEW_PASSWORD, password2=NEW_PASSWORD):
    # allauth swaps the token in the address for one kept in the session.
    form_url = client.get(link).url
    return client.post(form_url, {"password1": password1, "password2": password2})


def test_the_log_in_page_links_to_the_reset(client):
    assertContains(
        client.get(reverse("account_login")), reverse("account_reset_password")
    )


def test_a_known_address_gets_a_mail_with_a_link(client):
    user = make_user()

    response = ask_for_a_link(client, user.email.upper())

    assertRedirects(response, reverse("account_reset_password_done"))
    [message] = mails_to(user.email)
    assert "\n" not in message.subject
    assert user.username in message.body
    assert link_in(message).startswith("/accounts/password/reset/key/")


def test_an_unknown_address_gets_the_same_page_and_a_mail_saying_so(client):
    user = make_user()

    known = ask_for_a_link(client, user.email)
    unknown = ask_for_a_link(client, "nobody@example.com")

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    [message] = mails_to("nobody@example.com")
    assert "/accounts/password/reset/key/" not in message.body


def test_the_link_sets_a_new_password_once(client):
    user = make_user()
    ask_for_a_link(client, user.email)
    link = link_in(mail.outbox[0])

    response = set_password(client, link)

    assertRedirects(
        response,
        reverse("account_reset_password_from_key_done"),
        target_status_code=200,
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.logout()
    assertContains(client.get(link, follow=True), "Bad Token")


def test_the_link_expires(client, settings):
    user = make_user()
    ask_for_a_link(client, user.email)
    link = link_in(mail.outbox[0])
    # A negative timeout makes every link already too old.
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.get(link, follow=True)

    assertContains(response, "Bad Token")


def test_a_mismatched_new_password_changes_nothing(client):
    user = make_user()
    ask_for_a_link(client, user.email)

    response = set_password(client, link_in(mail.outbox[0]), password2="different")

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "url_name", ["account_reset_password", "account_reset_password_done"]
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


@pytest.mark.parametrize("email", ["user1@example.com", "nobody@example.com"])
def test_the_request_queues_only_the_address_and_never_looks_it_up(
    client, settings, email, django_assert_num_queries
):
    # A backend that only stores tasks: the request must not send anything itself.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    make_user(username="user1")

    # The same queries whether or not the address has an account: the session's.
    with django_assert_num_queries(0):
        ask_for_a_link(client, email)

    assert mail.outbox == []
    [queued] = default_task_backend.results
    assert queued.task.name == "send_password_reset"
    assert queued.args == [email, "en"]


@pytest.mark.parametrize("host", ["localhost:6666", "localhost"])
def test_the_link_leads_to_the_site_url_whatever_host_the_request_named(
    client, settings, host
):
    # A client reaching gunicorn directly writes the Host header; the port is not
    # checked against ALLOWED_HOSTS. The token must still go to the site itself.
    settings.SITE_URL = "https://accounts.example.org"
    user = make_user()

    ask_for_a_link(client, user.email, headers={"host": host})

    [message] = mail.outbox
    assert "https://accounts.example.org/accounts/password/reset/key/" in message.body
    assert host not in message.body
