"""The import contracts of a bake: every variant keeps them, a wrong import breaks one.

`lint-imports` (import-linter) reads the contracts from the bake's pyproject.toml; each
wrong-way import below goes into a copy of a bake that also holds an app made by
`manage.py startapp`, and `make lint` must fail naming the contract and the import.
"""

import shutil
import sys
import tomllib

import pytest
from conftest import BIN_DIR, run

pytestmark = pytest.mark.slow

SHARED_VENV = BIN_DIR.parent
LAYERS = "Each app's layers run one way: urls, views, forms, models"
ORDER = "Apps build on each other one way, on the platform's ground floor"
NO_CONFIG = "No app imports config: settings are read through django.conf.settings"
CONTRACTS = [LAYERS, ORDER, NO_CONFIG]
PLATFORM = [
    "users",
    "core",
    "appgen | backups | caching | images | (languages) | mail | worker",
    "operations",
]


def import_linter_config(project):
    pyproject = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    return pyproject["tool"]["importlinter"]


def test_every_variant_keeps_every_contract(project):
    result = run([BIN_DIR / "lint-imports", "--no-cache"], cwd=project)

    config = import_linter_config(project)
    assert [contract["name"] for contract in config["contracts"]] == CONTRACTS
    for name in CONTRACTS:
        assert f"{name} KEPT" in result.stdout
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_the_apps_order_lists_each_site_app_above_the_platform(project):
    config = import_linter_config(project)
    [order] = [c for c in config["contracts"] if c["name"] == ORDER]

    site_apps = {
        path.name
        for path in (project / project.name).iterdir()
        if (path / "apps.py").is_file()
    } - {"users", "core", "appgen", "backups", "caching", "languages", "mail"}
    site_apps -= {"worker", "operations", "images"}
    # Every app the site made (the blog, those named at bake time) sits on the top
    # line, independent of the others; pruning the blog leaves nothing naming it.
    top = order["layers"][: -len(PLATFORM)]
    assert order["layers"][-len(PLATFORM) :] == PLATFORM
    assert [set(line.split(" | ")) for line in top] == (
        [site_apps] if site_apps else []
    )
    assert config["root_packages"] == [project.name, "config"]
    for contract in config["contracts"]:
        # The default: an ignored import that matches nothing is an error.
        assert "unmatched_ignore_imports_alerting" not in contract


@pytest.fixture(scope="module")
def grown_site(bake, tmp_path_factory):
    """The default bake with an app `manage.py startapp` made, as a user would."""
    site = tmp_path_factory.mktemp("grown") / "my_site"
    shutil.copytree(bake("default"), site)
    startapp = ["manage.py", "startapp", "recipes", "--model", "Recipe"]
    run([sys.executable, *startapp], cwd=site)
    return site


@pytest.fixture
def site(grown_site, tmp_path):
    """A private copy of the grown site, free to change."""
    return shutil.copytree(grown_site, tmp_path / "my_site")


def make_lint(site):
    # import-linter wraps its report at the terminal's width; this one is wide.
    env = {"COLUMNS": "200"}
    return run(["make", "lint", f"VENV={SHARED_VENV}"], cwd=site, env=env, check=False)


def test_the_grown_site_passes_make_lint(site):
    result = make_lint(site)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


# (the contract it breaks, the module changed, the import added to it)
WRONG_WAY = [
    (LAYERS, "users/forms.py", "from my_site.users import views"),
    (LAYERS, "recipes/models.py", "from my_site.recipes import views"),
    (LAYERS, "recipes/views.py", "from my_site.recipes.tests import test_views"),
    # The platform never imports a site's app, nor a lower floor a higher one.
    (ORDER, "core/views.py", "from my_site.users import models"),
    (ORDER, "core/context_processors.py", "from my_site.recipes import models"),
    (ORDER, "users/views.py", "from my_site.blog import models"),
    (ORDER, "operations/views.py", "from my_site.caching import generation"),
    (ORDER, "caching/pages.py", "from my_site.backups import archive"),
    # Apps on one line are independent, in either direction.
    (ORDER, "blog/views.py", "from my_site.recipes import models"),
    (ORDER, "recipes/views.py", "from my_site.blog import models"),
    (NO_CONFIG, "blog/views.py", "from config.settings import base"),
    (NO_CONFIG, "recipes/models.py", "from config.settings import base"),
]


@pytest.mark.parametrize(
    ("contract", "module", "statement"),
    WRONG_WAY,
    ids=[f"{module}: {statement}" for _, module, statement in WRONG_WAY],
)
def test_a_wrong_way_import_fails_make_lint_naming_its_contract(
    site, contract, module, statement
):
    path = site / "my_site" / module
    imported = statement.split()[-1]
    # Inside a function, so that ruff, which runs first in make lint, accepts it.
    path.write_text(
        path.read_text()
        + f"\n\ndef wrong_way():\n    {statement}\n\n    return {imported}\n"
    )
    importer = "my_site." + module.removesuffix(".py").replace("/", ".")
    target = statement.split()[1] + "." + imported

    result = make_lint(site)

    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout
    assert f"{importer} -> {target}" in result.stdout
    for other in set(CONTRACTS) - {contract}:
        assert f"{other} KEPT" in result.stdout


def test_an_app_left_out_of_the_stated_order_fails_the_projects_tests(site):
    # Proof that no app escapes the order: one made by hand, or taken out of the
    # list, is named by the project's own test.
    pyproject = site / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(" | recipes", ""))
    test = "my_site/core/tests/test_app_order.py"

    result = run(
        [sys.executable, "-m", "pytest", "--no-cov", test], cwd=site, check=False
    )

    assert result.returncode != 0
    assert "{'recipes'}" in result.stdout


def add_import(site, module, statement):
    path = site / "my_site" / module
    imported = statement.split()[-1]
    # Inside a function, so that ruff, which runs first in make lint, accepts it.
    path.write_text(
        path.read_text()
        + f"\n\ndef {imported}_too():\n    {statement}\n\n    return {imported}\n"
    )


@pytest.fixture
def shop(site):
    """The grown site, where recipes is stated to build on the blog, as a shop's
    orders would on its products: a line of its own above the blog's."""
    pyproject = site / "pyproject.toml"
    text = pyproject.read_text()
    assert '    "blog | recipes",\n' in text
    pyproject.write_text(text.replace('"blog | recipes",', '"recipes",\n    "blog",'))
    return site


USES_THE_BLOG = ("recipes/views.py", "from my_site.blog import models")
USES_RECIPES = ("blog/models.py", "from my_site.recipes import models")


def test_an_app_may_use_the_app_it_is_stated_to_build_on(shop):
    add_import(shop, *USES_THE_BLOG)

    result = make_lint(shop)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_the_app_built_on_may_not_use_the_one_above_it(shop):
    add_import(shop, *USES_RECIPES)

    result = make_lint(shop)

    assert result.returncode != 0
    assert f"{ORDER} BROKEN" in result.stdout
    assert "my_site.blog.models -> my_site.recipes.models" in result.stdout


def test_a_cycle_between_two_apps_fails_whichever_way_is_stated(shop):
    add_import(shop, *USES_THE_BLOG)
    add_import(shop, *USES_RECIPES)

    result = make_lint(shop)

    assert result.returncode != 0
    assert f"{ORDER} BROKEN" in result.stdout
    assert "my_site.blog.models -> my_site.recipes.models" in result.stdout
    assert "my_site.recipes.views -> my_site.blog.models" not in result.stdout
