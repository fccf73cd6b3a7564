"""A platform app is one concern: a site that leaves it out still works.

As with Django's contrib apps, leaving an optional platform app out of the settings
(and, for the page cache, out of the WSGI entry point) must leave every page serving
and every change showing at once.
"""

import json
import shutil
import sys

import pytest
from conftest import run

pytestmark = pytest.mark.slow

# Drives the site through config.wsgi.application, as gunicorn would, on a fresh
# database: every page answers, and a post's new title shows on the next request.
VISIT = r"""
import json, sys
from wsgiref.util import setup_testing_defaults

import django
from django.apps import apps
from django.core.management import call_command

django.setup()
left_out = sys.argv[1]
assert not apps.is_installed(left_out), f"{left_out} is still installed"
call_command("migrate", verbosity=0)

from django.contrib.auth import get_user_model

from config.wsgi import application
from PACKAGE.blog.models import Post


def get(path):
    environ = {"PATH_INFO": path, "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    answer = {}
    body = b"".join(
        application(
            environ,
            lambda status, headers, exc_info=None: answer.update(status=status),
        )
    )
    return answer["status"], body.decode()


author = get_user_model().objects.create_user("ada", password="unused-password-1")
post = Post.objects.create(
    title="First words", slug="first", body="Body.", author=author
)
post.publish()
seen = {}
for path in ("/", "/blog/", "/blog/first/", "/healthz", "/robots.txt"):
    status, body = get(path)
    seen[path] = [status, "First words" in body]
post.title = "Second thoughts"
post.save()
seen["after the edit"] = [
    ("Second thoughts" in get(path)[1]) for path in ("/", "/blog/", "/blog/first/")
]
print(json.dumps(seen))
"""


def remove_lines(path, needle):
    text = path.read_text("utf-8")
    kept = [line for line in text.splitlines(keepends=True) if needle not in line]
    assert len(kept) < text.count("\n") + 1, f"{needle!r} is not in {path}"
    path.write_text("".join(kept), encoding="utf-8")


def leave_out_caching(project):
    package = project.name
    remove_lines(project / "config" / "settings" / "base.py", f'"{package}.caching"')
    remove_lines(
        project / "config" / "settings" / "base.py", "AnonymousPageCacheMiddleware"
    )
    remove_lines(
        project / "config" / "settings" / "base.py", "caching.context_processors"
    )
    wsgi = project / "config" / "wsgi.py"
    remove_lines(wsgi, "import CachedPages")
    text = wsgi.read_text("utf-8")
    assert "CachedPages(get_wsgi_application())" in text
    wsgi.write_text(
        text.replace("CachedPages(get_wsgi_application())", "get_wsgi_application()")
    )


def leave_out_backups(project):
    remove_lines(
        project / "config" / "settings" / "base.py", f'"{project.name}.backups"'
    )


@pytest.mark.parametrize(
    ("app", "leave_out"),
    [("caching", leave_out_caching), ("backups", leave_out_backups)],
)
def test_a_site_without_an_optional_platform_app_serves_every_page(
    app, leave_out, bake, tmp_path
):
    baked = bake("default")
    project = shutil.copytree(baked, tmp_path / baked.name)
    package = project.name
    leave_out(project)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
    }

    run([sys.executable, "manage.py", "check", "--fail-level", "WARNING"], project, env)
    result = run(
        [sys.executable, "-c", VISIT.replace("PACKAGE", package), f"{package}.{app}"],
        project,
        env,
    )

    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen.pop("after the edit") == [True, True, True]
    assert seen == {
        "/": ["200 OK", True],
        "/blog/": ["200 OK", True],
        "/blog/first/": ["200 OK", True],
        "/healthz": ["200 OK", False],
        "/robots.txt": ["200 OK", False],
    }
