"""Tests of the rules production settings apply to their required variables."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import require

STRONG_KEY = "x7Kq2-production-secret-for-tests-only-9fLm3vR8tW1zYb5"


def test_a_strong_secret_key_is_kept():
    assert require.secret_key(STRONG_KEY) == STRONG_KEY


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "is 0 characters long; it needs at least 50"),
        ("too-short-a-key", "is 15 characters long"),
        ("ab" * 30, "uses only 2 different characters; it needs at least 5"),
        ("django-insecure-" + STRONG_KEY, "starts with 'django-insecure-'"),
    ],
)
def test_a_weak_secret_key_is_refused(key, problem):
    with pytest.raises(
        ImproperlyConfigured, match=re.escape(f"DJANGO_SECRET_KEY {problem}")
    ):
        require.secret_key(key)


def test_allowed_hosts_are_stripped_of_spaces_and_blanks():
    assert require.allowed_hosts(["example.com", " www.example.com ", ""]) == [
        "example.com",
        "www.example.com",
    ]


@pytest.mark.parametrize(
    ("hosts", "problem"),
    [([], "is empty"), ([" ", ""], "is empty"), (["*"], "holds '*'")],
)
def test_missing_or_wildcard_hosts_are_refused(hosts, problem):
    with pytest.raises(
        ImproperlyConfigured, match=re.escape(f"DJANGO_ALLOWED_HOSTS {problem}")
    ):
        require.allowed_hosts(hosts)


def test_an_smtp_url_becomes_the_mailer():
    mailer = require.smtp_mailer("smtp+tls://mailer:secret@smtp.example.com:587")

    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] | {"timeout": None} == {
        "host": "smtp.example.com",
        "port": 587,
        "username": "mailer",
        "password": "secret",
        "use_tls": True,
        "use_ssl": False,
        "timeout": None,
    }


@pytest.mark.parametrize(
    ("url", "got"),
    [
        ("consolemail://", "consolemail"),
        ("memorymail://", "memorymail"),
        ("filemail:///var/mail", "filemail"),
        ("dummymail://", "dummymail"),
        ("smtp://", "smtp"),  # no host
        ("smtp.example.com", "no scheme"),
        ("", "no scheme"),
    ],
)
def test_a_mailer_that_sends_nothing_is_refused(url, got):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SMTP_URL must") as error:
        require.smtp_mailer(url)

    assert f"(got {got!r})" in str(error.value)


def test_the_mailer_error_does_not_repeat_the_password():
    with pytest.raises(ImproperlyConfigured) as error:
        require.smtp_mailer("filemail://user:hunter2-secret@/var/mail")

    assert "hunter2-secret" not in str(error.value)


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com", "https://example.com"),
        ("https://example.com/", "https://example.com"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_a_site_url_keeps_scheme_and_host(url, kept):
    assert require.site_url(url) == kept


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("example.com", "must be the site's address"),
        ("ftp://example.com", "must be the site's address"),
        ("https://example.com/shop/", "holds a path or query"),
        ("https://example.com?next=x", "holds a path or query"),
    ],
)
def test_a_site_url_that_is_not_an_origin_is_refused(url, problem):
    with pytest.raises(ImproperlyConfigured, match=re.escape(problem)):
        require.site_url(url)


def test_trusted_proxies_are_addresses_or_networks():
    assert require.trusted_proxies([" 10.0.0.0/8", "", "::1"]) == ["10.0.0.0/8", "::1"]
    assert require.trusted_proxies([]) == []
    with pytest.raises(ImproperlyConfigured, match="holds 'nginx', which is not an IP"):
        require.trusted_proxies(["nginx"])
