"""Tests of the account pages: sign-up, log-in, log-out, password change."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from .factories import PASSWORD, make_user

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


def test_signup_page_shows_the_form(client):
    response = client.get(reverse("users:signup"))

    assert response.status_code == 200
    assert "users/signup.html" in [t.name for t in response.templates]
    assert b'name="username"' in response.content


def test_signup_creates_the_account_logs_in_and_redirects_home(client):
    response = client.post(reverse("users:signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    user = User.objects.get(username="newcomer")
    assert user.email == "newcomer@example.com"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "something-else-entirely"}, "password2"),
        ({"username": ""}, "username"),
        ({"password1": "123", "password2": "123"}, "password2"),
    ],
)
def test_invalid_signup_shows_errors_and_creates_nothing(client, overrides, field):
    response = client.post(reverse("users:signup"), signup_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.exists()


def test_signup_refuses_a_taken_username(client, user):
    response = client.post(reverse("users:signup"), signup_data(username=user.username))

    assert response.context["form"].errors["username"]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "url_name", ["users:login", "users:signup", "users:password_change"]
)
def test_account_pages_carry_the_site_title(admin_client, url_name):
    # The auth views put the request's host in the context as site_name; the layout
    # must show the site's own title instead.
    response = admin_client.get(reverse(url_name))

    assert escape(settings.SITE_TITLE) in response.content.decode()
    # Absolute links to the site's own pages may name the host; nothing else may.
    page = response.content.decode().replace('="http://testserver/', '="/')
    assert "testserver" not in page


def test_login_with_the_right_password(client, user):
    response = client.post(
        reverse("users:login"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_a_wrong_password_shows_an_error(client, user):
    response = client.post(
        reverse("users:login"), {"username": user.username, "password": "wrong"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_login_returns_to_the_page_asked_for(client, user):
    target = reverse("users:password_change")

    response = client.post(
        f"{reverse('users:login')}?next={target}",
        {"username": user.username, "password": PASSWORD},
    )

    assert response.url == target


def test_logout_needs_post_and_ends_the_session(client, user):
    client.force_login(user)

    assert client.get(reverse("users:logout")).status_code == 405
    response = client.post(reverse("users:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_requires_login(client):
    response = client.get(reverse("users:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("users:login"))


def test_password_change_sets_the_new_password(client):
    user = make_user()
    client.force_login(user)
    new_password = "a-brand-new-passphrase-42"

    response = client.post(
        reverse("users:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )

    assert response.url == reverse("users:password_change_done")
    user.refresh_from_db()
    assert user.check_password(new_password)


# Look-alikes of Latin names: a Cyrillic a (U+0430) for the first letter, a whole
# name in Cyrillic letters that look Latin ("ape"), a Greek omicron in "root".
LOOK_ALIKES = ["\u0430dmin", "\u0430\u0440\u0435", "r\u03bfot"]


@pytest.mark.parametrize("username", LOOK_ALIKES)
def test_signup_refuses_letters_outside_the_safe_set(client, username):
    make_user(username="admin")

    response = client.post(reverse("users:signup"), signup_data(username=username))

    assert response.status_code == 200
    [error] = response.context["form"].errors["username"]
    assert "unaccented lowercase a-z and uppercase A-Z letters" in error
    assert User.objects.count() == 1


@pytest.mark.parametrize("username", ["Admin", "\uff41dmin"])
def test_signup_refuses_a_name_that_differs_only_in_case_or_width(client, username):
    # Django folds full-width letters (NFKC) before it compares, in any case.
    make_user(username="admin")

    response = client.post(reverse("users:signup"), signup_data(username=username))

    assert response.context["form"].errors["username"]
    assert User.objects.count() == 1


def test_the_safe_set_is_checked_by_the_model_too():
    # The admin's forms and createsuperuser validate through the model field.
    user = User(username="\u0430dmin", password="unused")
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert "username" in refused.value.error_dict
