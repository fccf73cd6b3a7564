"""Tests of the app generator, `appgen/generator.py`: what it writes, where it
registers the app, and what it refuses before writing anything."""

import shutil

import pytest

from {{ cookiecutter.project_slug }}.appgen import generator

PACKAGE = "{{ cookiecutter.project_slug }}"


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
    assert "<h1>{% raw %}{{ recipe_box }}{% endraw %}</h1>" in detail
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


def test_the_architecture_page_lists_the_app(project):
    generator.create_app("recipes", project, PACKAGE, model="Dish")

    page = (project / generator.DOCS_FILE).read_text()
    assert page.endswith(
        "- `shop`: products.\n"
        "- `recipes`: the model `Dish` in `recipes/models.py`, its pages at "
        f"`/recipes/` for signed-in users.\n{generator.DOCS_MARKER}\n"
    )


def test_an_architecture_page_without_its_line_for_apps_is_left_alone(project):
    page = project / generator.DOCS_FILE
    page.write_text("My own notes.\n")

    generator.create_app("recipes", project, PACKAGE)

    assert page.read_text() == "My own notes.\n"


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
    snapshot,
    project,
):
    pyproject = project / generator.PYPROJECT_FILE
    pyproject.write_text(
        pyproject.read_text().replace("# The platform.", '"(recipes) | notes",')
    )
    before = snapshot()

    with pytest.raises(generator.AppError, match="already lists recipes"):
        generator.create_app("recipes", project, PACKAGE)
    assert snapshot() == before


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


def test_a_missing_marker_stops_the_generator_before_it_writes(snapshot, project):
    urls_file = project / generator.URLS_FILE
    urls_file.write_text(urls_file.read_text().replace(generator.URLS_MARKER, ""))
    before = snapshot()

    with pytest.raises(generator.AppError, match="mounts new apps above this line"):
        generator.create_app("recipes", project, PACKAGE)

    assert snapshot() == before


def test_an_app_already_listed_in_the_settings_is_refused(snapshot, project):
    settings_file = project / generator.SETTINGS_FILE
    listed = f'"{PACKAGE}.recipes",\n    {generator.APPS_MARKER}'
    settings_file.write_text(
        settings_file.read_text().replace(generator.APPS_MARKER, listed)
    )
    before = snapshot()

    with pytest.raises(generator.AppError, match=f'already has "{PACKAGE}.recipes"'):
        generator.create_app("recipes", project, PACKAGE)

    assert snapshot() == before


def test_a_mistyped_placeholder_in_the_app_template_is_reported(snapshot, project):
    views = project / generator.TEMPLATE_DIR / "views.py-tpl"
    views.write_text(views.read_text() + "# $app_nmae\n")
    before = snapshot()

    with pytest.raises(generator.AppError, match=r"views\.py-tpl: bad placeholder"):
        generator.create_app("recipes", project, PACKAGE)

    assert snapshot() == before


def test_a_missing_app_template_is_reported(project):
    shutil.rmtree(project / generator.TEMPLATE_DIR)

    with pytest.raises(generator.AppError, match=r"the app template .* is missing"):
        generator.create_app("recipes", project, PACKAGE)


# --- manage.py startapp ---------------------------------------------------------
