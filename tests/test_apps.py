"""The app generator: `manage.py startapp` in a bake, and the `apps` bake option."""

import importlib
import re
import shutil
import sys

import pytest
from conftest import VARIANTS, run
from servers import get, gunicorn, prepare_production

APPS_MARKER = "    # startapp adds new apps above this line.\n"
URLS_MARKER = "    # startapp mounts new apps above this line.\n"
APP_FILES = {
    "__init__.py",
    "admin.py",
    "apps.py",
    "migrations/__init__.py",
    "migrations/0001_initial.py",
    "models.py",
    "templates/notes/note_detail.html",
    "templates/notes/note_list.html",
    "tests/__init__.py",
    "tests/test_models.py",
    "tests/test_views.py",
    "urls.py",
    "views.py",
}

REFUSED = [
    ("Notes", "must start with a-z"),
    ("2notes", "must start with a-z"),
    ("notes-app", "must start with a-z"),
    ("n" * 31, "at most 30 characters"),
    ("class", "Python keyword"),
    ("match", "Python keyword"),
    ("json", "standard-library module"),
    ("admin", "one of Django's apps"),
    ("sites", "one of Django's apps"),
    ("core", "already exists"),
    ("users", "already exists"),
    ("config", "used by the project's layout"),
    ("accounts", "used by the project's layout"),
    ("pytest", "installed Python module"),
    ("my_site", "the project's package"),
]


@pytest.fixture
def site(bake, tmp_path):
    """A private copy of the default bake, free to change."""
    return shutil.copytree(bake("default"), tmp_path / "my_site")


def load_appgen(project):
    """The generator module of a baked project, imported without Django."""
    sys.path.insert(0, str(project))
    try:
        return importlib.import_module("my_site.appgen.generator")
    finally:
        # Each test has its own copy of the project, and a bake refuses a slug that
        # names an imported package: forget this one.
        sys.path.remove(str(project))
        for name in [name for name in sys.modules if name.split(".")[0] == "my_site"]:
            del sys.modules[name]


def snapshot(project):
    """Every file of the project with its content, to show that nothing changed."""
    return {
        path.relative_to(project): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


def app_files(app_dir):
    return {
        path.relative_to(app_dir).as_posix()
        for path in app_dir.rglob("*")
        if path.is_file()
    }


def test_the_generator_writes_a_registered_mounted_app(site):
    appgen = load_appgen(site)

    written = appgen.create_app("notes", site, "my_site")

    app_dir = site / "my_site" / "notes"
    settings = (site / "config" / "settings" / "base.py").read_text()
    urls = (site / "config" / "urls.py").read_text()
    assert app_files(app_dir) == APP_FILES
    assert set(written) == {app_dir / name for name in APP_FILES} | {
        site / "config" / "settings" / "base.py",
        site / "config" / "urls.py",
        site / "pyproject.toml",
        site / "docs" / "architecture.md",
    }
    assert '    "my_site.notes",\n' + APPS_MARKER in settings
    assert '    path("notes/", include("my_site.notes.urls")),\n' + URLS_MARKER in urls
    apps_py = (app_dir / "apps.py").read_text()
    assert 'name = "my_site.notes"' in apps_py
    assert 'nav_url = "notes:note_list"' in apps_py
    assert "class NotesConfig(AppConfig):" in apps_py
    assert 'app_name = "notes"' in (app_dir / "urls.py").read_text()
    list_page = (app_dir / "templates" / "notes" / "note_list.html").read_text()
    assert list_page.startswith('{% extends "base.html" %}')
    for path in app_dir.rglob("*"):
        if path.is_file():
            assert "$" not in path.read_text(), path
        if path.suffix == ".py":
            compile(path.read_text(), str(path), "exec")


def test_the_generator_runs_where_django_cannot_be_imported(site):
    # What the bake-time hook needs: the template's environment may lack Django.
    code = (
        "import sys\n"
        "sys.modules['django'] = None  # any import of Django now fails\n"
        "sys.path.insert(0, '.')\n"
        "from my_site.appgen import generator as appgen\n"
        "appgen.create_app('notes', '.', 'my_site')\n"
    )

    run([sys.executable, "-c", code], cwd=site)

    assert (site / "my_site" / "notes" / "apps.py").is_file()


def test_a_second_app_goes_below_the_first(site):
    appgen = load_appgen(site)

    appgen.create_apps(["notes", "recipe_box"], site, "my_site")

    settings = (site / "config" / "settings" / "base.py").read_text()
    assert '"my_site.notes",\n    "my_site.recipe_box",\n' + APPS_MARKER in settings
    apps_py = (site / "my_site" / "recipe_box" / "apps.py").read_text()
    assert "class RecipeBoxConfig(AppConfig):" in apps_py
    assert 'verbose_name = _("Recipe box")' in apps_py


@pytest.mark.parametrize(("name", "reason"), REFUSED)
def test_a_bad_name_is_refused_with_its_reason_and_nothing_written(site, name, reason):
    appgen = load_appgen(site)
    before = snapshot(site)

    with pytest.raises(appgen.AppError, match=reason):
        appgen.create_app(name, site, "my_site")

    assert snapshot(site) == before


def test_a_name_already_installed_is_refused(site):
    appgen = load_appgen(site)

    with pytest.raises(appgen.AppError, match="label of an installed app"):
        appgen.create_app("shop", site, "my_site", installed={"shop"})


def test_a_name_given_twice_is_refused_before_anything_is_written(site):
    appgen = load_appgen(site)
    before = snapshot(site)

    with pytest.raises(appgen.AppError, match="'notes' is named twice"):
        appgen.create_apps(["notes", "recipes", "notes"], site, "my_site")

    assert snapshot(site) == before


def test_a_missing_marker_stops_the_generator_before_it_writes(site):
    urls = site / "config" / "urls.py"
    urls.write_text(urls.read_text().replace(URLS_MARKER, ""))
    appgen = load_appgen(site)
    before = snapshot(site)

    with pytest.raises(appgen.AppError, match="mounts new apps above this line"):
        appgen.create_app("notes", site, "my_site")

    assert snapshot(site) == before


def test_a_mistyped_placeholder_in_the_app_template_is_reported(site):
    views = site / "app_template" / "views.py-tpl"
    views.write_text(views.read_text() + "# $app_nmae\n")
    appgen = load_appgen(site)
    before = snapshot(site)

    with pytest.raises(appgen.AppError, match=r"views\.py-tpl: bad placeholder"):
        appgen.create_app("notes", site, "my_site")

    assert snapshot(site) == before


def test_apps_named_at_bake_time_are_created_and_mounted(bake):
    project = bake("apps")
    names = [name.strip() for name in VARIANTS["apps"]["apps"].split(",")]
    settings = (project / "config" / "settings" / "base.py").read_text()
    urls = (project / "config" / "urls.py").read_text()

    for name in names:
        assert (
            project / project.name / name / "migrations" / "0001_initial.py"
        ).is_file()
        assert f'"{project.name}.{name}",' in settings
        assert f'path("{name}/", include("{project.name}.{name}.urls")),' in urls
    # Importing the generator at bake time must leave no bytecode behind.
    assert list(project.rglob("__pycache__")) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["2notes"], "must start with a-z"),
        (["notes", "--model", "note"], "must start with A-Z"),
        (["core"], "is the label of an installed app"),
    ],
)
def test_a_refused_startapp_on_a_fresh_bake_leaves_nothing_behind(site, args, reason):
    """Not even the empty database file that opening a connection would create."""
    before = snapshot(site)

    refused = run(
        [sys.executable, "manage.py", "startapp", *args], cwd=site, check=False
    )

    assert refused.returncode == 1
    assert reason in refused.stderr
    assert not (site / "db.sqlite3").exists()
    assert snapshot(site) == before


@pytest.mark.slow
def test_startapp_in_a_bake_makes_an_app_whose_tests_pass_and_pages_answer(
    site, tmp_path
):
    manage = [sys.executable, "manage.py"]

    created = run([*manage, "startapp", "notes"], cwd=site)
    again = run([*manage, "startapp", "notes"], cwd=site, check=False)
    # The app's first migration ships with it: makemigrations finds nothing to add.
    run([*manage, "makemigrations", "--check", "--dry-run", "notes"], cwd=site)
    tests = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            # Only the new app's tests run, so the project's coverage floor cannot hold.
            "--no-cov",
            "my_site/notes",
        ],
        cwd=site,
    )
    run(["ruff", "check", "--no-cache", "."], cwd=site)
    run(["ruff", "format", "--check", "--no-cache", "."], cwd=site)

    assert "Created the app notes, served at /notes/." in created.stdout
    assert again.returncode == 1
    assert "'notes' is the label of an installed app" in again.stderr
    assert "9 passed" in tests.stdout

    env = prepare_production(site, tmp_path)
    # A note, and a signed-in member's session cookie: the app's pages are private.
    code = (
        "from django.conf import settings; from django.test import Client; "
        "from my_site.notes.models import Note; from my_site.users.models import User; "
        "client = Client(); client.force_login(User.objects.create_user('reader')); "
        "cookie = client.cookies[settings.SESSION_COOKIE_NAME]; "
        "print(Note.objects.create(title='Hello there').pk, cookie.key, cookie.value)"
    )
    shell = run([*manage, "shell", "--no-imports", "-c", code], cwd=site, env=env)
    pk, cookie_name, cookie_value = shell.stdout.splitlines()[-1].split()
    headers = {"Host": "example.com", "X-Forwarded-Proto": "https"}
    member = {**headers, "Cookie": f"{cookie_name}={cookie_value}"}
    with gunicorn(site, env, tmp_path) as (port, _process, _log):
        listing, list_body = get(port, "/notes/", member)
        detail, detail_body = get(port, f"/notes/{pk}/", member)
        visitor, visitor_body = get(port, "/notes/", headers)
        _home, home_body = get(port, "/", headers)

    assert listing.status == 200
    assert b"Hello there" in list_body
    assert detail.status == 200
    assert b"<h1>Hello there</h1>" in detail_body
    assert visitor.status == 302
    assert visitor.getheader("Location") == "/accounts/login/?next=/notes/"
    assert b"Hello there" not in visitor_body
    assert b'href="/notes/">Notes</a>' in home_body


@pytest.mark.slow
@pytest.mark.parametrize("made", ["by startapp", "at bake time, migrated"])
def test_the_readme_order_adds_a_required_field_without_drift(made, bake, tmp_path):
    """The README's commands, for an app made by startapp and for one made at bake time
    and migrated already: a field every row must have gets the one-off value Django
    asks for in a migration of its own, and the models and migrations then agree."""
    if made == "by startapp":
        site, app, model = (
            shutil.copytree(bake("default"), tmp_path / "my_site"),
            "recipes",
            "Recipe",
        )
    else:
        site, app, model = (
            shutil.copytree(bake("apps"), tmp_path / "my_site"),
            "notes",
            "Note",
        )
        run([sys.executable, "manage.py", "migrate"], cwd=site)
    readme = (site / "README.md").read_text("utf-8")
    block = re.search(r"## Add an app\n\n```sh\n(.*?)```", readme, re.DOTALL).group(1)
    steps = [line.replace("recipes", app) for line in block.splitlines() if line]
    if made != "by startapp":
        steps = [step for step in steps if " startapp " not in step]
    models = site / "my_site" / app / "models.py"

    for step in steps:
        if step.startswith("#"):
            # What the comment asks for: a field of the user's own, on every row.
            code = models.read_text()
            field = "    servings = models.PositiveIntegerField()\n"
            models.write_text(
                code.replace("    class Meta:", field + "\n    class Meta:", 1)
            )
        else:
            # makemigrations asks what existing rows get: a one-off value, 2.
            run([sys.executable, *step.split()[1:]], cwd=site, input="1\n2\n")

    migrations = sorted((models.parent / "migrations").glob("0*.py"))
    assert len(migrations) == 2
    assert migrations[0].name == "0001_initial.py"
    added = migrations[1].read_text()
    # Django writes the migration, in its own quotes.
    assert f"model_name='{model.lower()}'" in added
    assert "name='servings'" in added
    assert "preserve_default=False" in added
    run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=site,
    )
    run([sys.executable, "manage.py", "migrate", "--check"], cwd=site)


@pytest.mark.slow
def test_the_longest_names_make_an_app_that_passes_the_linters(site):
    # A 24-letter app name is the longest whose line in config/urls.py stays within
    # the formatter's 88 columns under this package name.
    app, model = "a" * 24, "TheLongestModelNameWeTake"

    run([sys.executable, "manage.py", "startapp", app, "--model", model], cwd=site)

    run(["ruff", "check", "--no-cache", "."], cwd=site)
    run(["ruff", "format", "--check", "--no-cache", "."], cwd=site)
    run(["djlint", "--lint", f"my_site/{app}"], cwd=site)
    run(["lint-imports", "--no-cache"], cwd=site)
