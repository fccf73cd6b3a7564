"""Tests of the production settings: they refuse to start without what they need.

Each test runs the settings modules afresh under the environment it sets, as the
server does when it starts; the test settings the suite runs on stay as they were.
"""

import importlib
import importlib.util
import os
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

PRODUCTION_ENV = {
    "DJANGO_ENV_FILE": os.devnull,
    "DJANGO_SECRET_KEY": "x7Kq2-production-secret-for-tests-only-9fLm3vR8tW1zYb5",
    "DJANGO_ALLOWED_HOSTS": "example.com",
    "DJANGO_SMTP_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
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
    for name in ("base", "production"):
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
    with pytest.raises(
        ImproperlyConfigured, match=f"Set the {variable} environment variable"
    ):
        load_production_settings(monkeypatch, **{variable: None})


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

    assert str(refused.value).startswith(f"{variable} ")
    assert problem in str(refused.value)


def test_the_admin_lives_at_the_address_its_variable_names(monkeypatch, settings):
    production = load_production_settings(monkeypatch, DJANGO_ADMIN_URL="staff-7f3a/")
    settings.ADMIN_URL = production.ADMIN_URL

    # The URLconf reads the setting once, when it is imported: build a fresh copy.
    spec = importlib.util.find_spec("config.urls")
    urls = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(urls)

    assert reverse("admin:index", urlconf=urls) == "/staff-7f3a/"
