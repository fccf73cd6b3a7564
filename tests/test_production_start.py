"""Production start-up: every missing or bad variable at once, and no .env unless told.

A bake has a `.env` holding its development secret key. Production settings must not
read it unless DJANGO_ENV_FILE names it, and whatever they lack must be listed in
one short message, without a traceback, by manage.py and by gunicorn alike.
"""

import subprocess
import sys

import pytest
from conftest import BIN_DIR, clean_env, production_env

pytestmark = pytest.mark.slow

BAD_VARIABLES = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SMTP_URL": "consolemail://",
    "DJANGO_SECURE_HSTS_SECONDS": "a year",
}
STARTS = {
    "manage.py check": [sys.executable, "manage.py", "check"],
    "manage.py migrate": [sys.executable, "manage.py", "migrate"],
    "gunicorn": [BIN_DIR / "gunicorn"],
}


def start(project, command, env):
    return subprocess.run(
        [str(part) for part in command],
        cwd=project,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", list(STARTS))
def test_production_lists_every_bad_variable_without_a_traceback(bake, command):
    project = bake("default")
    assert "DJANGO_SECRET_KEY=" in (project / ".env").read_text("utf-8")

    result = start(project, STARTS[command], BAD_VARIABLES | {"PORT": "0"})

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    problems = [line.split()[1] for line in lines if line.startswith("  - ")]
    # The secret key in .env is not read: production reads no file unless told.
    assert problems == [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_SMTP_URL",
        "DJANGO_SECURE_HSTS_SECONDS",
    ]
    assert "'a year'" in result.stderr
    assert len(lines) < 10


def test_production_reads_the_file_it_is_told_to(bake, tmp_path):
    project = bake("default")
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_ENV_FILE": str(project / ".env"),
        "DJANGO_ALLOWED_HOSTS": "example.com",
        "DJANGO_SMTP_URL": "smtp://mail.example.com:25",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    result = start(project, STARTS["manage.py check"], env)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_plain_http_trial_fails_the_deploy_check(bake, tmp_path):
    env = production_env(
        DJANGO_HTTPS="false", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    deploy_check = [*STARTS["manage.py check"], "--deploy", "--fail-level", "WARNING"]

    result = start(bake("default"), deploy_check, env)

    assert result.returncode == 1
    for warning in ("security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr
