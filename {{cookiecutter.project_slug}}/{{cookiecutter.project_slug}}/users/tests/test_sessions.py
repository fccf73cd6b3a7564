"""Tests of ending a session: a log-out, a password change or a deactivated account
ends it on the next request, even while the cache fails. Every request reads its
session from the database; no copy is kept in a cache to outlive it."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends import cache as cache_sessions
from django.contrib.sessions.backends import cached_db as cache_db_sessions
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from {{ cookiecutter.project_slug }}.caching import backends

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-longer-passphrase"


@pytest.fixture
def break_the_cache(tmp_path, settings):
    """Call it to make the cache fail from then on: its folder lies below a file.

    (Logging in needs a working cache: its rate limits refuse all while it fails.)
    """

    def break_it():
        below_a_file = tmp_path / "a-file"
        below_a_file.write_text("")
        backend = f"{backends.__name__}.DegradingFileBasedCache"
        settings.CACHES = {
            "default": {"BACKEND": backend, "LOCATION": str(below_a_file / "cache")}
        }

    return break_it


def signed_in(client):
    return client.get(reverse("users:account")).status_code == 200


def logged_in_browser(user):
    browser = Client()
    credentials = {"login": user.username, "password": PASSWORD}
    browser.post(reverse("account_login"), credentials)
    return browser


def copy_of(browser):
    """Another browser holding the same session cookie (a stolen one, say)."""
    copy = Client()
    name = settings.SESSION_COOKIE_NAME
    copy.cookies[name] = browser.cookies[name].value
    return copy


def test_no_session_is_kept_in_the_cache():
    browser = logged_in_browser(make_user())
    session_key = browser.cookies[settings.SESSION_COOKIE_NAME].value

    assert signed_in(browser)
    # Nothing under the keys of Django's session engines that keep one there.
    for engine in (cache_db_sessions, cache_sessions):
        assert cache.get(f"{engine.KEY_PREFIX}{session_key}") is None


def test_a_log_out_ends_the_session_while_the_cache_fails(break_the_cache):
    browser = logged_in_browser(make_user())
    copy = copy_of(browser)
    break_the_cache()
    assert signed_in(copy)

    browser.post(reverse("account_logout"))

    assert not signed_in(browser)
    assert not signed_in(copy)


def test_a_password_change_ends_the_other_sessions_while_the_cache_fails(
    break_the_cache,
):
    user = make_user()
    browser, other_device = logged_in_browser(user), logged_in_browser(user)

    changed = browser.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    break_the_cache()

    assert changed.status_code == 302
    assert signed_in(browser)  # the session that changed it goes on
    assert not signed_in(other_device)


def test_a_deactivated_account_is_signed_out_everywhere_while_the_cache_fails(
    break_the_cache,
):
    user = make_user()
    browsers = [logged_in_browser(user), logged_in_browser(user)]
    break_the_cache()
    assert all(signed_in(browser) for browser in browsers)

    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    assert not any(signed_in(browser) for browser in browsers)
