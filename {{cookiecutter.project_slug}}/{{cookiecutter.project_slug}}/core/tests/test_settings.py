"""Tests of the production settings: they refuse to start without what they need.

Each test imports the settings in a fresh interpreter, as the server would.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_ENV_FILE": os.devnull,
    "DJANGO_SECRET_KEY": "x7Kq2-production-secret-for-tests-only-9fLm3vR8tW1zYb5",
    "DJANGO_ALLOWED_HOSTS": "example.com",
    "DJANGO_SMTP_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
}


PRINT_MAILER = "from django.conf import settings; print(settings.MAILERS['default'])"


def load_settings(code=PRINT_MAILER, **overrides):
    """Run code on the production settings in a fresh interpreter with this environment."""
    env = {key: value for key, value in os.environ.items() if "DJANGO" not in key}
    env.update(PRODUCTION_ENV)
    for name, value in overrides.items():
        if value is None:
            env.pop(name)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_load_with_every_required_variable():
    result = load_settings()

    assert result.returncode == 0, result.stderr
    assert "'host': 'smtp.example.com'" in result.stdout


@pytest.mark.parametrize(
    "variable", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_SMTP_URL"]
)
def test_production_settings_name_a_missing_variable(variable):
    result = load_settings(**{variable: None})

    assert result.returncode != 0
    assert f"Set the {variable} environment variable" in result.stderr


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
def test_production_settings_refuse_an_unsafe_value(variable, value, problem):
    result = load_settings(**{variable: value})

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {variable} " in result.stderr
    assert problem in result.stderr


def test_the_admin_lives_at_the_address_its_variable_names():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"

    result = load_settings(code, DJANGO_ADMIN_URL="staff-7f3a/")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/staff-7f3a/"
