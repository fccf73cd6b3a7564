"""Every baked variant lints clean, passes Django's checks and its own test suite."""

import json
import re
import sys
import tomllib

import pytest
from conftest import TEMPLATE_DIR, VARIANTS, production_env, run

pytestmark = pytest.mark.slow

# Jinja left behind by a mistake in the template; Django templates are checked apart.
LEFTOVER_JINJA = re.compile(
    r"\{\{\s*cookiecutter|\{%-?\s*(if|endif|for|endfor|raw)\b|cookiecutter\."
)


def test_no_template_syntax_is_left_behind(project):
    # Tests that serve a bake run collectstatic in it first, and every multilingual
    # bake is compiled (.mo): skip what those made.
    made_later = {"__pycache__", "staticfiles"}
    for path in project.rglob("*"):
        if path.is_file() and not made_later & set(path.parts) and path.suffix != ".mo":
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # a database or upload other tests wrote
                continue
            if "templates" in path.parts:
                assert "cookiecutter" not in text, path
            else:
                assert not LEFTOVER_JINJA.search(text), path


def test_git_would_commit_no_secret_or_local_state(project, tmp_path):
    """A first `git add -A` in a fresh bake picks up the code, never `.env`."""
    work = tmp_path / "work"
    run(["cp", "-r", project, work], cwd=tmp_path)
    (work / "db.sqlite3").write_text("local data")
    run(["git", "init", "-q"], cwd=work)
    run(["git", "add", "-A"], cwd=work)

    tracked = run(["git", "ls-files"], cwd=work).stdout.splitlines()

    assert ".env.example" in tracked
    assert "manage.py" in tracked
    assert ".env" not in tracked
    assert "db.sqlite3" not in tracked
    # Compiled translations are made at install time, from the .po files.
    assert [path for path in tracked if path.endswith(".mo")] == []


# os.environ.get("NAME"), os.environ.setdefault("NAME"), env("NAME"), env.int("NAME")...
# and production's variables("NAME", ...), which reports every bad one at once.
READS_VARIABLE = re.compile(
    r"""(?:environ\.\w+|\benv(?:\.\w+)?|\bvariables)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
DOCUMENTED_VARIABLE = re.compile(r"^#? ?([A-Z][A-Z0-9_]+)=", re.MULTILINE)
# The first cell of a README table row: "| `HOST`, `PORT` | gunicorn | ..."
README_TABLE_NAMES = re.compile(r"^\| ((?:`[A-Z][A-Z0-9_]+`(?:, )?)+) \|", re.MULTILINE)


@pytest.mark.parametrize("variant", ["default", "postgres_redis"])
def test_every_variable_read_is_documented_and_nothing_else(bake, variant):
    project = bake(variant)
    readers = [
        "manage.py",
        "gunicorn.conf.py",
        *(project / "config").rglob("*.py"),
    ]
    read = {
        name
        for reader in readers
        for name in READS_VARIABLE.findall((project / reader).read_text("utf-8"))
    }
    example = set(DOCUMENTED_VARIABLE.findall((project / ".env.example").read_text()))
    readme = (project / "README.md").read_text("utf-8")
    in_readme = {
        name.strip("`")
        for cell in README_TABLE_NAMES.findall(readme)
        for name in cell.split(", ")
    }

    assert "DJANGO_SECRET_KEY" in read
    assert read == example
    assert read == in_readme


def test_pyproject_is_valid_toml_with_the_answers(project):
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))

    assert pyproject["project"]["name"] == project.name
    assert pyproject["project"]["requires-python"] == ">=3.12"
    assert "dev" in pyproject["dependency-groups"]


def test_free_text_reaches_settings_and_metadata_unchanged(bake):
    answers = VARIANTS["tricky_text"]
    project = bake("tricky_text")
    code = "from django.conf import settings; print(settings.SITE_TITLE)"

    result = run(
        [sys.executable, "-c", code],
        cwd=project,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    metadata = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))["project"]

    assert result.stdout.rstrip("\n") == answers["project_name"]
    assert metadata["description"] == answers["description"]
    assert metadata["authors"] == [
        {"name": answers["author_name"], "email": answers["author_email"]}
    ]


def test_ruff_check_passes(project):
    run(["ruff", "check", "--no-cache", "."], cwd=project)


def test_ruff_format_check_passes(project):
    run(["ruff", "format", "--check", "--no-cache", "."], cwd=project)


def test_bandit_finds_nothing_of_medium_or_high_severity(bake, tmp_path):
    report_path = tmp_path / "bandit.json"
    run(
        [
            "bandit",
            "--recursive",
            ".",
            "--severity-level",
            "medium",
            "--format",
            "json",
            "--output",
            report_path,
        ],
        cwd=bake("default"),
        check=False,  # exits 1 when it finds anything; the report says what
    )
    report = json.loads(report_path.read_text())

    assert report["metrics"]["_totals"]["loc"] > 1000  # the whole project was read
    assert report["errors"] == []
    assert report["results"] == [], json.dumps(report["results"], indent=2)


def test_django_check_passes(project, project_env):
    run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=project,
        env=project_env,
    )


def test_migrations_are_complete(project, project_env):
    run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=project,
        env=project_env,
    )


def test_the_project_test_suite_passes(project, project_env):
    """`make test`, browser tests included, on the bake's own PostgreSQL and Redis when
    it chose them; the shared virtualenv stands in for the project's own."""
    result = run(["make", "test", f"VENV={sys.prefix}"], cwd=project, env=project_env)

    assert re.search(r"\d+ passed", result.stdout)
    assert "failed" not in result.stdout


def test_production_settings_pass_the_deploy_check(project, project_env, tmp_path):
    env = production_env(
        **{"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **project_env}
    )

    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=project,
        env=env,
    )

    assert "no issues" in result.stdout


def project_needs(project):
    baked = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    return baked["project"]["dependencies"] + baked["dependency-groups"]["dev"]


def test_dependencies_match_the_shared_environment(bake):
    """The template's `project` group: the default bake's needs plus every driver."""
    template = tomllib.loads((TEMPLATE_DIR / "pyproject.toml").read_text("utf-8"))
    shared = template["dependency-groups"]["project"]
    default = project_needs(bake("default"))
    drivers = {
        *project_needs(bake("postgres_redis")),
        *project_needs(bake("s3")),
    } - set(default)

    assert sorted(shared) == sorted([*default, *drivers])
    assert {driver.split("[")[0].split(">")[0] for driver in drivers} == {
        "psycopg",
        "redis",
        "django-storages",
    }


def test_each_bake_depends_on_its_chosen_drivers_only(project):
    template = tomllib.loads((TEMPLATE_DIR / "pyproject.toml").read_text("utf-8"))
    needed = project_needs(project)
    # base.py and the parts it imports (accounts.py, uploads.py...).
    settings = "".join(
        path.read_text("utf-8")
        for path in (project / "config" / "settings").glob("*.py")
    )

    assert set(needed) <= set(template["dependency-groups"]["project"])
    assert any(dep.startswith("psycopg") for dep in needed) == (
        "postgres:///" in settings
    )
    assert any(dep.startswith("redis") for dep in needed) == ("REDIS_URL" in settings)
    assert any(dep.startswith("django-storages") for dep in needed) == (
        "DJANGO_S3_BUCKET" in settings
    )
