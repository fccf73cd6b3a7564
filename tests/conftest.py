"""Shared helpers for the template's tests: bake variants once, run commands in them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The PostgreSQL and Redis fixtures.
pytest_plugins = ["services"]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
BIN_DIR = Path(sys.executable).parent

# Every option value is baked at least once; the project checks run on each bake.
VARIANTS = {
    "default": {},
    "no_blog": {"include_blog": False},
    "postgres_redis": {"database": "postgresql", "cache": "redis"},
    "s3": {"media_storage": "s3"},
    "bsd": {"license": "BSD-3-Clause"},
    "apache": {"license": "Apache-2.0"},
    "proprietary": {
        "license": "Proprietary",
        "time_zone": "America/Sao_Paulo",
        "ci": "none",
    },
    "apps": {"apps": "notes, recipe_box"},
    # English and Brazilian Portuguese, with an app made from the app template.
    "portuguese": {"languages": "en,pt-br", "apps": "notes"},
    "tricky_text": {
        "project_name": 'Zoë\'s "Café" \\ Corner',
        "description": 'A "quoted" description with a back\\slash and ünïcödé.',
        "author_name": "Zoë O'Brien",
        "author_email": "zoe.obrien@example.org",
        "domain_name": "cafe.example.org",
    },
}


def run(args, cwd, env=None, check=True, input=None):
    """Run a command with the shared environment; fail with its output if it fails."""
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=clean_env(env),
        input=input,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, args))} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    return result


def clean_env(extra=None):
    """This environment minus Django variables, with the shared venv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env["PATH"] = f"{BIN_DIR}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra or {})
    return env


def compile_messages(project):
    """Compile a multilingual bake's translations, as its `make install` does."""
    if any(project.glob("*/*/locale")):
        run(
            [sys.executable, "manage.py", "compilemessages", "--ignore=app_template"],
            cwd=project,
            env={"DJANGO_SETTINGS_MODULE": "config.settings.test"},
        )


def production_env(**extra):
    """The variables production settings require, with throwaway values."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_ENV_FILE": os.devnull,
        "DJANGO_SECRET_KEY": "t3st-only-Kq8vX2mZ7pL4wN9rB6yH1cJ5dF0gS3aE8uI2oP7lQ4kW",
        "DJANGO_ALLOWED_HOSTS": "example.com,127.0.0.1",
        "DJANGO_SMTP_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
        # Read by the s3 option's bakes only; stores nothing unless a test says where.
        "DJANGO_S3_BUCKET": "site-media",
        **extra,
    }


@pytest.fixture(scope="session")
def bake(cookies_session):
    """Bake a named variant once per session and return the project's path."""
    baked = {}

    def _bake(variant):
        if variant not in baked:
            result = cookies_session.bake(
                extra_context=VARIANTS[variant], template=str(TEMPLATE_DIR)
            )
            assert result.exit_code == 0, result.exception
            baked[variant] = result.project_path
            # What the bake's `make install` would do before anything runs it.
            compile_messages(result.project_path)
        return baked[variant]

    return _bake


@pytest.fixture(scope="session", params=list(VARIANTS))
def project(request, bake):
    """Each baked variant in turn."""
    return bake(request.param)


# The load tests use all the machine has, and Lighthouse's performance score and the
# accounts' equal answers are timings: under -n, one worker runs these modules one
# after another, so that the load neither slows the other servers nor reaches the
# measurements.
ONE_WORKER_MODULES = (
    "tests/test_accounts.py",
    "tests/test_load.py",
    "tests/test_worker_faults.py",
    "tests/test_browser.py",
)
# Modules whose module-scoped fixture is costly (the container test builds an image):
# each runs on one worker, so the fixture is made once.
WHOLE_MODULES = ("tests/test_container.py",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Spread tests one by one, except ONE_WORKER_MODULES, which go together, and
    each of WHOLE_MODULES, which stays on one worker.

    (xdist's own xdist_group marker has no effect with pytest 9.2, which keeps node
    ids where xdist no longer changes them.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            if nodeid.startswith(ONE_WORKER_MODULES):
                return "one worker"
            if nodeid.startswith(WHOLE_MODULES):
                return nodeid.partition("::")[0]
            return nodeid

    return Scheduling(config, log)


def pytest_terminal_summary(terminalreporter):
    """List the figures tests measured (record_property "figures"), under xdist too."""
    lines = [
        f"{report.nodeid}: {value}"
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == "figures"
    ]
    if lines:
        terminalreporter.section("figures measured")
        for line in lines:
            terminalreporter.write_line(line)
