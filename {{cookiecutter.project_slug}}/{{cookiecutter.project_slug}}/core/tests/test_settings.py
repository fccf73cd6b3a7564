"""Tests of the production settings: they refuse to start without what they need.

Each test runs the settings modules afresh under the environment it sets, as the
server does when it starts; the test settings the suite runs on stay as they were.
"""

import importlib
import importlib.util
import os
import sys

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.settings.base import BASE_DIR
from config.settings.require import SettingsError

PRODUCTION_ENV = {
    "DJANGO_ENV_FILE": os.devnull,
    "DJANGO_SECRET_KEY": "x7Kq2-production-secret-for-tests-only-9fLm3vR8tW1zYb5",
    "DJANGO_ALLOWED_HOSTS": "example.com",
    "DJANGO_SMTP_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    # Required with the s3 option only; read by no other bake.
    "DJANGO_S3_BUCKET": "site-media",
}


def load_production_settings(monkeypatch, **overrides):
    """Run config/settings/production.py afresh; an override of None unsets a variable."""
    for name, value in (PRODUCTION_ENV | overrides).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    # Forget base.py too, so that it reads the environment again; monkeypatch puts
    # the modules the test settings were built from back afterwards.
    package = importlib.import_module("config.settings")
    for name in ("caches", "base", "accounts", "uploads", "logs", "production"):
        monkeypatch.delitem(sys.modules, f"config.settings.{name}", raising=False)
        monkeypatch.delattr(package, name, raising=False)
    return importlib.import_module("config.settings.production")


def test_production_settings_load_with_every_required_variable(monkeypatch):
    production = load_production_settings(monkeypatch)

    assert production.DEBUG is False
    assert production.ALLOWED_HOSTS == ["example.com"]
    assert production.MAILERS["default"]["OPTIONS"]["host"] == "smtp.example.com"


@pytest.mark.parametrize(
    "variable", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_SMTP_URL"]
)
def test_production_settings_name_a_missing_variable(monkeypatch, variable):
    with pytest.raises(SettingsError, match=f"- {variable} is not set"):
        load_production_settings(monkeypatch, **{variable: None})


def test_production_settings_list_every_missing_or_bad_variable_at_once(monkeypatch):
    with pytest.raises(SettingsError) as refused:
        load_production_settings(
            monkeypatch,
            DJANGO_SECRET_KEY=None,
            DJANGO_ALLOWED_HOSTS="*",
            DJANGO_SMTP_URL=None,
            DJANGO_SECURE_HSTS_SECONDS="a year",
        )

    problems = str(refused.value).splitlines()[1:]
    assert [problem.split()[1] for problem in problems] == [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_SMTP_URL",
        "DJANGO_SECURE_HSTS_SECONDS",
    ]
    assert "'a year'" in problems[-1]


@pytest.mark.parametrize(
    ("settings_module", "env_file", "read"),
    [
        ("config.settings.production", None, []),
        ("config.settings.production", "/etc/site/env", ["/etc/site/env"]),
        ("config.settings.local", None, [str(BASE_DIR / ".env")]),
        ("config.settings.test", None, [str(BASE_DIR / ".env")]),
    ],
)
def test_only_development_reads_dot_env_unless_a_file_is_named(
    monkeypatch, settings_module, env_file, read
):
    files_read = []
    monkeypatch.setattr(
        environ.Env,
        "read_env",
        classmethod(lambda cls, env_file=None, **options: files_read.append(env_file)),
    )
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", settings_module)

    load_production_settings(monkeypatch, DJANGO_ENV_FILE=env_file)

    assert list(map(str, files_read)) == read


def test_https_is_required_unless_switched_off_for_a_local_trial(monkeypatch):
    production = load_production_settings(monkeypatch)
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_NAME == "__Secure-csrftoken"

    trial = load_production_settings(monkeypatch, DJANGO_HTTPS="false")
    assert trial.SECURE_SSL_REDIRECT is False
    assert trial.SESSION_COOKIE_SECURE is False
    assert trial.CSRF_COOKIE_SECURE is False
    assert trial.SESSION_COOKIE_NAME == "sessionid"


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        (
            "DJANGO_SECRET_KEY",
            "django-insecure-" + "x7Kq2fLm3vR8tW1zYb5" * 3,
            "starts with",
        ),
        ("DJANGO_ALLOWED_HOSTS", "", "is empty"),
        ("DJANGO_SMTP_URL", "consolemail://", "got 'consolemail'"),
    ],
)
def test_production_settings_refuse_an_unsafe_value(
    monkeypatch, variable, value, problem
):
    with pytest.raises(ImproperlyConfigured) as refused:
        load_production_settings(monkeypatch, **{variable: value})

    assert str(refused.value).splitlines()[1].startswith(f"  - {variable} ")
    assert problem in str(refused.value)


def test_the_admin_lives_at_the_address_its_variable_names(monkeypatch, settings):
    production = load_production_settings(monkeypatch, DJANGO_ADMIN_URL="staff-7f3a/")
    settings.ADMIN_URL = production.ADMIN_URL

    # The URLconf reads the setting once, when it is imported: build a fresh copy.
    spec = importlib.util.find_spec("config.urls")
    urls = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(urls)

    assert reverse("admin:index", urlconf=urls) == "/staff-7f3a/"
