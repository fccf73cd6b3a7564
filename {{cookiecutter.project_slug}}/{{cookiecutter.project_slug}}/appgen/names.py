"""The names a new app may take, and the names of its model, checked before anything
is written. Shared by `manage.py startapp` and the bake-time hook: it imports nothing
from Django, because the hook runs before Django is installed."""

import importlib.util
import keyword
import re
import sys
from pathlib import Path

# The folder of the project that new apps are copied from.
TEMPLATE_DIR = "app_template"
NAME = re.compile(r"[a-z][a-z0-9_]*")
# Names stay readable. Past about 24 characters (with a short package name), the line
# that mounts the app in config/urls.py is one `make format` rewraps.
MAX_LENGTH = 30
MODEL = re.compile(r"[A-Z][A-Za-z0-9]*")
MAX_MODEL_LENGTH = 25  # the app's tests name its templates within 88 columns
# The words of a CapWords name: Recipe|Box, HTTP|Log, Item2.
MODEL_WORD = re.compile(r"[A-Z]+[0-9]*(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")
# What every page's context holds (context processors, ListView's pagination): the
# model's template variables must not hide them.
PAGE_VARIABLES = {
    "csp_nonce",
    "is_paginated",
    "messages",
    "nav_links",
    "page_obj",
    "paginator",
    "perms",
    "request",
    "site_title",
    "user",
    "view",
}
# Nouns whose plural is their singular.
UNCHANGING_NOUNS = {"news", "series", "species", "sheep", "fish", "data"}
# Names the app template's modules import or define beside the model.
TAKEN_MODEL_NAMES = {"AppConfig", "DetailView", "ListView", "TimeStampedModel"}
# Labels of Django's own apps: two apps with one label cannot be installed together.
DJANGO_APPS = {
    "admin",
    "admindocs",
    "auth",
    "contenttypes",
    "flatpages",
    "gis",
    "humanize",
    "messages",
    "postgres",
    "redirects",
    "sessions",
    "sitemaps",
    "sites",
    "staticfiles",
    "syndication",
    "django",
}
# Folders and URL prefixes the project already uses for something else.
PROJECT_NAMES = {
    "config",
    "tests",
    "templates",
    "static",
    "staticfiles",
    "media",
    "migrations",
    "management",
    "templatetags",
    "accounts",
    TEMPLATE_DIR,
}

# What people type at the bake's "apps" question to mean "no apps".
NO_APPS = {"", "none", "no", "n", "nothing", "nil", "null", "-", "--", "n/a", "na", "0"}


class AppError(Exception):
    """Why an app cannot be created; nothing has been written when it is raised."""


def problem_with(name, project_dir, package, installed=()):
    """The reason ``name`` cannot be a new app in the project, or None if it can.

    ``installed`` holds the labels of the apps already installed, where known.
    """
    package_dir = Path(project_dir, package)
    checks = [
        (NAME.fullmatch(name), "must start with a-z and hold only a-z, 0-9 and _"),
        # The most specific reason first: a long package name is still the package.
        (name != package, "is the project's package"),
        (len(name) <= MAX_LENGTH, f"must be at most {MAX_LENGTH} characters long"),
        (
            not keyword.iskeyword(name) and not keyword.issoftkeyword(name),
            "is a Python keyword",
        ),
        (name not in sys.stdlib_module_names, "is a standard-library module"),
        (name not in NO_APPS, "reads as no app at all"),
        (name not in DJANGO_APPS, "is the name of one of Django's apps"),
        (name not in installed, "is the label of an installed app"),
        (name not in PROJECT_NAMES, "is already used by the project's layout"),
        (
            not (package_dir / name).exists()
            and not (package_dir / f"{name}.py").exists(),
            f"already exists in {package}/",
        ),
        (not is_importable(name), "is the name of an installed Python module"),
    ]
    for passes, reason in checks:
        if not passes:
            return reason
    return None


def problem_with_model(model):
    """The reason ``model`` cannot name the new app's model, or None if it can."""
    if not MODEL.fullmatch(model):
        return "must start with A-Z and hold only letters and digits"
    checks = [
        (
            len(model) <= MAX_MODEL_LENGTH,
            f"must be at most {MAX_MODEL_LENGTH} characters long",
        ),
        (not keyword.iskeyword(model), "is a Python keyword"),
        (model not in TAKEN_MODEL_NAMES, "is a name the app's modules already use"),
        (
            not PAGE_VARIABLES & set(model_names(model).values()),
            "would hide a variable every page uses (such as user or messages)",
        ),
    ]
    for passes, reason in checks:
        if not passes:
            return reason
    return None


def default_model(app_name):
    """A model name guessed from the app's: recipes -> Recipe, recipe_box -> RecipeBox."""
    *words, last = app_name.split("_")
    return "".join(word.capitalize() for word in [*words, singular(last)])


def singular(word):
    """An English noun's singular, by the common rules; `--model` fixes the rest."""
    if word in UNCHANGING_NOUNS:
        return word
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")) or not word.endswith("s") or len(word) < 3:
        return word
    return word[:-1]


def plural(word):
    """An English noun's plural, by the common rules: box -> boxes, story -> stories."""
    if word in UNCHANGING_NOUNS:
        return word
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def model_names(model):
    """The placeholders naming the model, for RecipeBox:

    $model RecipeBox; $model_name recipebox (Django's, in URL and template names);
    $object_name recipe_box and $objects_name recipe_boxes (template variables);
    $model_verbose_name recipe box and $model_verbose_name_plural recipe boxes.
    """
    words = [word.lower() for word in MODEL_WORD.findall(model)]
    plural_words = [*words[:-1], plural(words[-1])]
    object_name, objects_name = "_".join(words), "_".join(plural_words)
    if objects_name == object_name:  # news: one news item, a news_list
        objects_name += "_list"
    return {
        "model": model,
        "model_name": model.lower(),
        "object_name": object_name,
        "objects_name": objects_name,
        "model_verbose_name": " ".join(words),
        "model_verbose_name_plural": " ".join(plural_words),
    }


def is_importable(name):
    # Looks the name up without importing it; only top-level names get here.
    return importlib.util.find_spec(name) is not None


def parse_names(text):
    """The app names in a comma-separated list, without blanks; none for "none"."""
    if text.strip().lower() in NO_APPS:
        return []
    return [name.strip() for name in text.split(",") if name.strip()]


def check_names(names, project_dir, package, installed=()):
    """Raise AppError naming the first bad name and why, or a repeated name."""
    for index, name in enumerate(names):
        reason = problem_with(name, project_dir, package, installed)
        if reason is None and name in names[:index]:
            reason = "is named twice"
        if reason:
            raise AppError(f"{name!r} {reason}")


def check_model(model, *, named_after_the_app=False):
    """Raise AppError saying why ``model`` cannot name the new app's model."""
    if reason := problem_with_model(model):
        what = "named after the app " if named_after_the_app else ""
        raise AppError(f"the model {model!r} {what}{reason}")
