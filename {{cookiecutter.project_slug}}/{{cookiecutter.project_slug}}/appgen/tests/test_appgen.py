"""Tests of the app generator, `appgen/generator.py`, and the `startapp` command that runs it.

Each test gives the generator a project of its own in a temporary folder, so the real
project is never written to.
"""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from {{ cookiecutter.project_slug }}.appgen import generator

PACKAGE = "{{ cookiecutter.project_slug }}"


@pytest.fixture
def project(tmp_path):
    """The app template, the lists the generator adds to, and core: a project of its
    own, without the apps this one may already have."""
    base = Path(settings.BASE_DIR)
    shutil.copytree(base / generator.TEMPLATE_DIR, tmp_path / generator.TEMPLATE_DIR)
    (tmp_path / "config" / "settings").mkdir(parents=True)
    (tmp_path / generator.SETTINGS_FILE).write_text(
        f'INSTALLED_APPS = [\n    "{PACKAGE}.core",\n    {generator.APPS_MARKER}\n]\n'
    )
    (tmp_path / generator.URLS_FILE).write_text(
        f"urlpatterns = [\n    {generator.URLS_MARKER}\n]\n"
    )
    (tmp_path / generator.PYPROJECT_FILE).write_text(
        f"layers = [\n    {generator.LAYERS_MARKER}\n    # The platform.\n"
        '    "users",\n    "core",\n]\n'
    )
    (tmp_path / PACKAGE / "core").mkdir(parents=True)
    return tmp_path


def snapshot(project):
    """Every file of the project with its content, to show that nothing changed."""
    return {
        path.relative_to(project): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


def test_an_app_is_written_around_its_model(project):
    written = generator.create_app("recipes", project, PACKAGE, model="RecipeBox")

    app = project / PACKAGE / "recipes"
    models = (app / "models.py").read_text()
    assert "class RecipeBox(TimeStampedModel):" in models
    assert 'verbose_name = _("recipe box")' in models
    assert 'verbose_name_plural = _("recipe boxes")' in models
    assert '"recipes:recipebox_detail"' in models
    migration = (app / "migrations" / "0001_initial.py").read_text()
    assert 'name="RecipeBox"' in migration
    assert '"verbose_name_plural": "recipe boxes"' in migration
    assert 'name="recipebox_list"' in (app / "urls.py").read_text()
    assert 'context_object_name = "recipe_boxes"' in (app / "views.py").read_text()
    assert "class RecipeBoxAdmin(" in (app / "admin.py").read_text()
    apps_py = (app / "apps.py").read_text()
    assert "class RecipesConfig(AppConfig):" in apps_py
    assert 'nav_url = "recipes:recipebox_list"' in apps_py
    templates = app / "templates" / "recipes"
    listing = (templates / "recipebox_list.html").read_text()
    assert " for recipe_box in recipe_boxes " in listing
    detail = (templates / "recipebox_detail.html").read_text()
    assert " recipe_box.title " in detail
    assert app / "tests" / "test_views.py" in written
    for path in app.rglob("*"):
        if path.is_file():
            assert "$" not in path.read_text(), path
        if path.suffix == ".py":
            compile(path.read_text(), str(path), "exec")


def test_the_app_is_registered_and_mounted_above_the_markers(project):
    written = generator.create_app("recipes", project, PACKAGE)

    settings_file = project / generator.SETTINGS_FILE
    urls_file = project / generator.URLS_FILE
    assert f'    "{PACKAGE}.recipes",\n    {generator.APPS_MARKER}\n' in (
        settings_file.read_text()
    )
    mount = f'    path("recipes/", include("{PACKAGE}.recipes.urls")),\n'
    assert f"{mount}    {generator.URLS_MARKER}\n" in urls_file.read_text()
    assert {settings_file, urls_file} <= set(written)


def layers(project):
    text = (project / generator.PYPROJECT_FILE).read_text()
    below = text.split(generator.LAYERS_MARKER)[1].split("]")[0].splitlines()
    return [line.strip() for line in below if line.strip().startswith('"')]


def test_the_first_app_gets_a_line_of_its_own_in_the_apps_order(project):
    generator.create_app("recipes", project, PACKAGE)

    assert layers(project) == ['"recipes",', '"users",', '"core",']


def test_more_apps_go_beside_it_independent_of_each_other(project):
    generator.create_apps(["notes", "recipe_box"], project, PACKAGE)
    generator.create_app("shop", project, PACKAGE)

    top = (project / generator.PYPROJECT_FILE).read_text().splitlines()[2]
    assert top == '    "notes | recipe_box | shop",'


def test_an_app_the_order_already_names_is_refused_before_anything_is_written(
    project,
):
    pyproject = project / generator.PYPROJECT_FILE
    pyproject.write_text(
        pyproject.read_text().replace("# The platform.", '"(recipes) | notes",')
    )
    before = snapshot(project)

    with pytest.raises(generator.AppError, match="already lists recipes"):
        generator.create_app("recipes", project, PACKAGE)
    assert snapshot(project) == before


def test_without_a_model_it_is_named_after_the_app(project):
    generator.create_app("recipes", project, PACKAGE)

    models = (project / PACKAGE / "recipes" / "models.py").read_text()
    assert "class Recipe(TimeStampedModel):" in models


def test_several_apps_are_made_in_the_order_given(project):
    generator.create_apps(["notes", "recipe_box"], project, PACKAGE)

    settings_text = (project / generator.SETTINGS_FILE).read_text()
    assert f'"{PACKAGE}.notes",\n    "{PACKAGE}.recipe_box",\n' in settings_text
    box = project / PACKAGE / "recipe_box"
    assert "class RecipeBox(" in (box / "models.py").read_text()
    assert 'verbose_name = _("Recipe box")' in (box / "apps.py").read_text()


@pytest.mark.parametrize(
    ("app", "model"),
    [
        ("notes", "Note"),
        ("recipes", "Recipe"),
        ("recipe_box", "RecipeBox"),
        ("categories", "Category"),
        ("boxes", "Box"),
        ("addresses", "Address"),
        ("status", "Status"),
        ("news", "News"),
        ("shop", "Shop"),
    ],
)
def test_the_default_model_is_the_app_name_made_singular(app, model):
    assert generator.default_model(app) == model


@pytest.mark.parametrize(
    ("model", "names"),
    [
        ("Recipe", ("recipe", "recipe", "recipes", "recipe", "recipes")),
        (
            "RecipeBox",
            ("recipebox", "recipe_box", "recipe_boxes", "recipe box", "recipe boxes"),
        ),
        ("Category", ("category", "category", "categories", "category", "categories")),
        ("Day", ("day", "day", "days", "day", "days")),
        ("HTTPLog", ("httplog", "http_log", "http_logs", "http log", "http logs")),
        ("News", ("news", "news", "news_list", "news", "news")),
    ],
)
def test_the_model_names_its_urls_templates_and_verbose_names(model, names):
    assert generator.model_names(model) == {
        "model": model,
        "model_name": names[0],
        "object_name": names[1],
        "objects_name": names[2],
        "model_verbose_name": names[3],
        "model_verbose_name_plural": names[4],
    }


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Notes", "must start with a-z"),
        ("notes-app", "must start with a-z"),
        ("n" * 31, "at most 30 characters"),
        ("class", "Python keyword"),
        ("json", "standard-library module"),
        ("admin", "one of Django's apps"),
        ("config", "used by the project's layout"),
        (PACKAGE, "the project's package"),
        ("core", f"already exists in {PACKAGE}/"),
        ("pytest", "installed Python module"),
        ("true", "the model 'True' named after the app is a Python keyword"),
    ],
)
def test_a_bad_app_name_is_refused_with_its_reason_and_nothing_written(
    project, name, reason
):
    before = snapshot(project)

    with pytest.raises(generator.AppError, match=reason):
        generator.create_app(name, project, PACKAGE)

    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        ("recipe", "must start with A-Z"),
        ("Recipe_Box", "must start with A-Z"),
        ("R" * 26, "must be at most 25 characters long"),
        ("None", "is a Python keyword"),
        ("ListView", "is a name the app's modules already use"),
        ("User", "would hide a variable every page uses"),
        ("Message", "would hide a variable every page uses"),
    ],
)
def test_a_bad_model_name_is_refused_with_its_reason_and_nothing_written(
    project, model, reason
):
    before = snapshot(project)

    with pytest.raises(generator.AppError, match=f"the model '{model}' {reason}"):
        generator.create_app("recipes", project, PACKAGE, model=model)

    assert snapshot(project) == before


def test_an_installed_label_is_refused(project):
    with pytest.raises(generator.AppError, match="label of an installed app"):
        generator.create_app("shop", project, PACKAGE, installed={"shop"})


@pytest.mark.parametrize(
    ("names", "reason"),
    [
        (["notes", "recipes", "notes"], "'notes' is named twice"),
        (["notes", "true"], "the model 'True' named after the app"),
    ],
)
def test_a_list_of_apps_is_checked_whole_before_anything_is_written(
    project, names, reason
):
    before = snapshot(project)

    with pytest.raises(generator.AppError, match=reason):
        generator.create_apps(names, project, PACKAGE)

    assert snapshot(project) == before


def test_the_bake_answer_is_split_into_names():
    assert generator.parse_names(" notes, ,recipe_box ,") == ["notes", "recipe_box"]


def test_a_missing_marker_stops_the_generator_before_it_writes(project):
    urls_file = project / generator.URLS_FILE
    urls_file.write_text(urls_file.read_text().replace(generator.URLS_MARKER, ""))
    before = snapshot(project)

    with pytest.raises(generator.AppError, match="mounts new apps above this line"):
        generator.create_app("recipes", project, PACKAGE)

    assert snapshot(project) == before


def test_an_app_already_listed_in_the_settings_is_refused(project):
    settings_file = project / generator.SETTINGS_FILE
    listed = f'"{PACKAGE}.recipes",\n    {generator.APPS_MARKER}'
    settings_file.write_text(
        settings_file.read_text().replace(generator.APPS_MARKER, listed)
    )
    before = snapshot(project)

    with pytest.raises(generator.AppError, match=f'already has "{PACKAGE}.recipes"'):
        generator.create_app("recipes", project, PACKAGE)

    assert snapshot(project) == before


def test_a_mistyped_placeholder_in_the_app_template_is_reported(project):
    views = project / generator.TEMPLATE_DIR / "views.py-tpl"
    views.write_text(views.read_text() + "# $app_nmae\n")
    before = snapshot(project)

    with pytest.raises(generator.AppError, match=r"views\.py-tpl: bad placeholder"):
        generator.create_app("recipes", project, PACKAGE)

    assert snapshot(project) == before


def test_a_missing_app_template_is_reported(project):
    shutil.rmtree(project / generator.TEMPLATE_DIR)

    with pytest.raises(generator.AppError, match=r"the app template .* is missing"):
        generator.create_app("recipes", project, PACKAGE)


# --- manage.py startapp ---------------------------------------------------------


@pytest.fixture
def startapp(project, settings):
    """Run `manage.py startapp` in the temporary project; return what it printed."""
    settings.BASE_DIR = project

    def run(*args):
        out = StringIO()
        call_command("startapp", *args, stdout=out)
        return out.getvalue()

    return run


def test_startapp_lists_the_files_and_says_what_comes_next(startapp, project):
    printed = startapp("spice_rack", "--model", "Jar")

    assert (project / PACKAGE / "spice_rack" / "models.py").is_file()
    assert f"  {PACKAGE}/spice_rack/models.py\n" in printed
    assert "  config/urls.py\n" in printed
    assert "Created the app spice_rack, served at /spice_rack/." in printed
    assert "Its model is Jar." in printed
    assert "makemigrations --update spice_rack" in printed


def test_startapp_names_the_model_after_the_app_by_default(startapp):
    assert "Its model is SpiceJar." in startapp("spice_jars")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users"], "'users' is the label of an installed app"),
        (["spice_rack", "--model", "User"], "the model 'User' would hide a variable"),
    ],
)
def test_startapp_refuses_with_the_reason_and_writes_nothing(
    startapp, project, args, message
):
    before = snapshot(project)

    with pytest.raises(CommandError, match=f"Cannot create the app: {message}"):
        startapp(*args)

    assert snapshot(project) == before


@pytest.fixture
def failing_check():
    """A system check that reports an error while the test runs."""
    from django.core import checks

    def broken_project(**kwargs):
        return [checks.Error("the project is broken", id="tests.E001")]

    checks.register(broken_project)
    yield
    checks.registry.registry.registered_checks.discard(broken_project)


def test_startapp_runs_the_system_checks_before_it_writes(
    startapp, project, failing_check
):
    before = snapshot(project)

    with pytest.raises(CommandError, match="the project is broken"):
        startapp("recipes")

    assert snapshot(project) == before


def test_a_refused_name_is_reported_before_the_checks_run(
    startapp, project, failing_check
):
    # The name's problem comes first: the checks (which open the database) never ran.
    with pytest.raises(CommandError, match="'Bad' must start with a-z"):
        startapp("Bad")
