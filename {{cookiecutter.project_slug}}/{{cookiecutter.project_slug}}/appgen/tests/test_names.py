"""Tests of the names the app generator accepts: an app's, its model's, and the
names made from them; a bad one is refused before anything is written."""

import pytest

from {{ cookiecutter.project_slug }}.appgen import generator

PACKAGE = "{{ cookiecutter.project_slug }}"


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
    snapshot, project, name, reason
):
    before = snapshot()

    with pytest.raises(generator.AppError, match=reason):
        generator.create_app(name, project, PACKAGE)

    assert snapshot() == before


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
    snapshot, project, model, reason
):
    before = snapshot()

    with pytest.raises(generator.AppError, match=f"the model '{model}' {reason}"):
        generator.create_app("recipes", project, PACKAGE, model=model)

    assert snapshot() == before


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
    snapshot, project, names, reason
):
    before = snapshot()

    with pytest.raises(generator.AppError, match=reason):
        generator.create_apps(names, project, PACKAGE)

    assert snapshot() == before


def test_the_bake_answer_is_split_into_names():
    assert generator.parse_names(" notes, ,recipe_box ,") == ["notes", "recipe_box"]
