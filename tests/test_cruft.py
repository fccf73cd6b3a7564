"""A project made with cruft takes in later template changes and keeps its own work."""

import json
import re
import shutil
import sys

import pytest
from conftest import BIN_DIR, TEMPLATE_DIR, run
from servers import require_binary

pytestmark = pytest.mark.slow

PROJECT_IN_TEMPLATE = "{{cookiecutter.project_slug}}"
CONFLICT = re.compile(rb"^(<<<<<<<|>>>>>>>) ", re.MULTILINE)


@pytest.fixture
def git_env(tmp_path):
    """Commits with a fixed identity, and a home of their own for git and cruft."""
    home = tmp_path / "home"
    home.mkdir()
    identity = {"NAME": "Template Tests", "EMAIL": "tests@example.com"}
    return {
        "HOME": str(home),
        **{
            f"GIT_{role}_{key}": value
            for role in ("AUTHOR", "COMMITTER")
            for key, value in identity.items()
        },
    }


def commit_all(repo, message, env):
    run(["git", "add", "-A"], cwd=repo, env=env)
    run(["git", "commit", "-q", "-m", message], cwd=repo, env=env)


def copy_of_this_template(destination, env):
    """A new git repository holding the template's files as they are on disk now."""
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=TEMPLATE_DIR,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = TEMPLATE_DIR / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    run(["git", "init", "-q"], cwd=destination, env=env)
    commit_all(destination, "Template, first version", env)
    return destination


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_cruft_update_brings_template_changes_and_keeps_the_users(tmp_path, git_env):
    require_binary("git")
    cruft = BIN_DIR / "cruft"
    template = copy_of_this_template(tmp_path / "template", git_env)

    # The user bakes with cruft, commits, adds an app and changes a view.
    run(
        [cruft, "create", template, "--no-input", "--output-dir", tmp_path / "out"],
        cwd=tmp_path,
        env=git_env,
    )
    project = tmp_path / "out" / "my_site"
    secret = (project / ".env").read_text()
    run(["git", "init", "-q"], cwd=project, env=git_env)
    commit_all(project, "Bake", git_env)
    run([sys.executable, "manage.py", "startapp", "notes"], cwd=project, env=git_env)
    user_view = (
        '    template_name = "core/home.html"\n    extra_context = {"greeting": "Hi"}\n'
    )
    replace_in(
        project / "my_site" / "core" / "views.py",
        '    template_name = "core/home.html"\n',
        user_view,
    )
    commit_all(project, "Add notes, greet on the home page", git_env)

    # The template moves on: a page template, a Python module and the settings.
    template_project = template / PROJECT_IN_TEMPLATE
    template_package = template_project / PROJECT_IN_TEMPLATE
    replace_in(
        template_package / "core" / "templates" / "base.html",
        "<p>{{ site_title }}</p>",
        "<p>{{ site_title }}, made with care</p>",
    )
    replace_in(
        template_package / "core" / "models.py",
        '    """Records when each row was created and last changed."""\n',
        '    """Records when each row was created and when it last changed."""\n',
    )
    replace_in(
        template_project / "config" / "settings" / "base.py",
        'LANGUAGE_CODE = "en"\n',
        'LANGUAGE_CODE = "en"  # the first of LANGUAGES\n',
    )
    commit_all(template, "Template, second version", git_env)

    update = run([cruft, "update", "--skip-apply-ask"], cwd=project, env=git_env)
    check = run([cruft, "check"], cwd=project, env=git_env, check=False)

    # (Files merged three ways are staged, the others not: compare the paths only.)
    status = run(["git", "status", "--porcelain"], cwd=project).stdout.splitlines()
    changed = [line[3:] for line in status]
    files = [path for path in project.rglob("*") if path.is_file()]
    base_html = project / "my_site" / "core" / "templates" / "base.html"
    settings = (project / "config" / "settings" / "base.py").read_text()
    head = run(["git", "rev-parse", "HEAD"], cwd=template).stdout.strip()

    assert "Good work!" in update.stdout, update.stdout
    assert check.returncode == 0, check.stdout
    assert sorted(changed) == [
        ".cruft.json",
        "config/settings/base.py",
        "my_site/core/models.py",
        "my_site/core/templates/base.html",
    ]
    assert [path for path in files if path.suffix in {".rej", ".orig"}] == []
    assert not [path for path in files if CONFLICT.search(path.read_bytes())]
    assert json.loads((project / ".cruft.json").read_text())["commit"] == head
    # The template's changes arrived...
    assert "made with care" in base_html.read_text()
    assert (
        "when it last changed"
        in (project / "my_site" / "core" / "models.py").read_text()
    )
    assert 'LANGUAGE_CODE = "en"  # the first of LANGUAGES\n' in settings
    # ...and the user's stayed: their app, its registration, their view, their secret.
    assert '"my_site.notes",' in settings
    assert 'path("notes/"' in (project / "config" / "urls.py").read_text()
    assert (project / "my_site" / "notes" / "views.py").is_file()
    assert user_view in (project / "my_site" / "core" / "views.py").read_text()
    assert (project / ".env").read_text() == secret
