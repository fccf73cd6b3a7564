"""The apps' stated order (the import contracts in pyproject.toml) places every app."""

import tomllib

from django.apps import apps
from django.conf import settings

PACKAGE = "{{ cookiecutter.project_slug }}"
ORDER = "Apps build on each other one way, on the platform's ground floor"


def stated_apps():
    pyproject = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text("utf-8"))
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    [order] = [contract for contract in contracts if contract["name"] == ORDER]
    names = set()
    for layer in order["layers"]:
        names |= {name.strip("() ") for name in layer.split("|")}
    return names


def test_every_app_of_the_project_has_its_place_in_the_stated_order():
    # An app left out would be held to no arrow at all: startapp adds each new app,
    # and an app made by hand must be added too.
    ours = {
        config.name.removeprefix(f"{PACKAGE}.")
        for config in apps.get_app_configs()
        if config.name.startswith(f"{PACKAGE}.")
    }

    assert ours - stated_apps() == set()
