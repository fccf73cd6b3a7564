"""Tests of sign-up: a mailed link confirms the address before the account can sign
in or write, and a taken address gets the same page as a free one."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.tasks import TaskContext, default_task_backend
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertRedirects

from ..models import SignUp
from ..tasks import complete_sign_up
from .factories import PASSWORD, make_user
from .mails import link_in, mails_to

pytestmark = pytest.mark.django_db
User = get_user_model()


def signup_data(**overrides):
    return {
        "username": "newcomer",
        "email": "newcomer@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def sign_up(client, **overrides):
    return client.post(reverse("account_signup"), signup_data(**overrides))


def test_the_signup_page_is_in_the_sites_layout(client, settings):
    response = client.get(reverse("account_signup"))

    assertContains(response, 'name="username"')
    assertContains(response, f"| {escape(settings.SITE_TITLE)}</title>")
    assertContains(response, 'class="site-header"')


def log_in(client, username):
    return client.post(
        reverse("account_login"), {"login": username, "password": PASSWORD}
    )


def test_signing_up_mails_a_link_and_the_account_signs_in_once_it_is_followed(client):
    response = sign_up(client)

    assertRedirects(response, reverse("account_email_verification_sent"))
    user = User.objects.get(username="newcomer")
    assert user.check_password(PASSWORD)
    assert not SignUp.objects.exists()  # completed by the worker
    # Signing in before following the link mails it again.
    assert log_in(client, "newcomer").url == reverse("account_email_verification_sent")
    first, _again = mails_to("newcomer@example.com")
    confirm = link_in(first)
    assert confirm.startswith("/accounts/confirm-email/")

    client.post(confirm)

    assert EmailAddress.objects.get(user=user).verified
    log_in(client, "newcomer")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("email", ["free@example.com", "owner@example.com"])
def test_the_request_queues_the_sign_up_and_never_looks_the_address_up(
    client, settings, email, django_assert_num_queries
):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    make_user(email="owner@example.com")
    client.get(reverse("account_signup"))

    # The same queries for either address: the user name's check, and the sign-up
    # kept for the worker (this task backend keeps its task in memory).
    with django_assert_num_queries(2):
        sign_up(client, email=email)

    [queued] = default_task_backend.results
    assert queued.task.name == "complete_sign_up"
    assert queued.args == [SignUp.objects.get(email=email).pk, "en"]
    assert not mail.outbox


def test_a_sign_up_is_completed_once_even_if_its_task_runs_again(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    sign_up = SignUp.objects.create(
        username="newcomer", email="newcomer@example.com", password="!"
    )
    queued = complete_sign_up.enqueue(sign_up.pk, "en")
    for _ in range(2):
        complete_sign_up.call(TaskContext(task_result=queued), sign_up.pk, "en")

    assert User.objects.filter(username="newcomer").count() == 1
    assert len(mails_to("newcomer@example.com")) == 1


def test_a_name_taken_between_the_form_and_the_worker_drops_the_sign_up(caplog):
    make_user(username="newcomer")
    sign_up = SignUp.objects.create(
        username="newcomer", email="second@example.com", password="!"
    )

    complete_sign_up.enqueue(sign_up.pk, "en")

    assert not User.objects.filter(email="second@example.com").exists()
    assert not SignUp.objects.exists()
    assert "its user name was taken" in caplog.text


def test_an_unconfirmed_account_cannot_sign_in(client):
    user = make_user(verified=False)

    response = client.post(
        reverse("account_login"), {"login": user.username, "password": PASSWORD}
    )

    assertRedirects(response, reverse("account_email_verification_sent"))
    assert "_auth_user_id" not in client.session


def test_a_taken_address_gets_the_same_page_and_its_owner_a_mail(client):
    owner = make_user(email="owner@example.com")

    fresh = sign_up(client, username="first", email="free@example.com")
    client.logout()
    taken = sign_up(client, username="second", email="OWNER@example.com")

    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url)
    assert not User.objects.filter(username="second").exists()
    [warning] = mails_to("owner@example.com")
    assert "already" in warning.body
    assert owner.username not in warning.body  # nothing about the account leaks


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "something-else-entirely"}, "password2"),
        ({"username": ""}, "username"),
        ({"email": "not-an-address"}, "email"),
        ({"password1": "123", "password2": "123"}, "password1"),
    ],
)
def test_invalid_signup_shows_errors_and_creates_nothing(client, overrides, field):
    response = sign_up(client, **overrides)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.exists()
    assert not mail.outbox


def test_signup_refuses_a_taken_username(client):
    user = make_user()

    response = sign_up(client, username=user.username)

    assert response.context["form"].errors["username"]
    assert User.objects.count() == 1


# Look-alikes of Latin names: a Cyrillic a (U+0430) for the first letter, a whole
# name in Cyrillic letters that look Latin ("ape"), a Greek omicron in "root".
LOOK_ALIKES = ["\u0430dmin", "\u0430\u0440\u0435", "r\u03bfot"]


@pytest.mark.parametrize("username", LOOK_ALIKES)
def test_signup_refuses_letters_outside_the_safe_set(client, username):
    make_user(username="admin")

    response = sign_up(client, username=username)

    assert response.status_code == 200
    [error] = response.context["form"].errors["username"]
    assert "unaccented lowercase a-z and uppercase A-Z letters" in error
    assert User.objects.count() == 1


@pytest.mark.parametrize("username", ["Admin", "\uff41dmin"])
def test_signup_refuses_a_name_that_differs_only_in_case_or_width(client, username):
    make_user(username="admin")

    response = sign_up(client, username=username)

    assert response.context["form"].errors["username"]
    assert User.objects.count() == 1


def test_the_safe_set_is_checked_by_the_model_too():
    # The admin's forms and createsuperuser validate through the model field.
    user = User(username="\u0430dmin", password="unused")
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert "username" in refused.value.error_dict
