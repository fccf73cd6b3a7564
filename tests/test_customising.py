"""The generated browser tests survive the changes a user makes first.

A bake gets what a newcomer adds in the first hour: a post field whose label contains
"Title", placed first in the form; links whose names contain those of existing ones;
a renamed heading. Its own browser tests must still pass, untouched.
"""

import os
import re
import shutil
import sys

import pytest
from conftest import run

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def replace_once(path, old, new):
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new))


def customise(project):
    """Make the first-hour changes to a copy of the default bake."""
    package = project / project.name
    blog = package / "blog"
    replace_once(
        blog / "models.py",
        '    title = models.CharField(_("title"), max_length=200)\n',
        '    title = models.CharField(_("title"), max_length=200)\n'
        '    seo_title = models.CharField(_("title for search engines"), max_length=70,'
        " blank=True)\n",
    )
    replace_once(
        blog / "forms.py",
        'fields = ("title", "slug", "body", "cover", "cover_alt", "status")',
        'fields = ("seo_title", "status", "title", "body", "slug",'
        ' "cover", "cover_alt")',
    )
    # Links named like existing ones, before them in the menu and beside Edit/Delete.
    replace_once(
        package / "core" / "templates" / "base.html",
        "      <ul>\n",
        "      <ul>\n"
        "        <li><a href=\"{% url 'core:home' %}\">Blog archive</a></li>\n"
        "        <li><a href=\"{% url 'core:home' %}\">Log in help</a></li>\n",
    )
    replace_once(
        blog / "templates" / "blog" / "post_detail.html",
        '<p class="actions">\n',
        '<p class="actions">\n'
        "        <a href=\"{% url 'blog:post_list' %}\">Edit settings</a>\n"
        "        <a href=\"{% url 'blog:post_list' %}\">Delete all drafts</a>\n",
    )
    replace_once(
        package / "users" / "templates" / "users" / "account.html",
        '<h1>{% translate "Your account" %}</h1>',
        '<h1>{% translate "Your profile" %}</h1>',
    )


def test_the_browser_tests_pass_after_a_new_field_new_links_and_a_new_heading(
    bake, tmp_path
):
    project = tmp_path / bake("default").name
    shutil.copytree(bake("default"), project)
    customise(project)
    env = {
        "DJANGO_ENV_FILE": os.devnull,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    python = [sys.executable, "manage.py"]
    run([*python, "makemigrations", "blog"], cwd=project, env=env)

    result = run(
        [sys.executable, "-m", "pytest", "-m", "browser", "--no-cov"],
        cwd=project,
        env=env,
    )

    assert re.search(r"\d+ passed", result.stdout), result.stdout
    assert "skipped" not in result.stdout
