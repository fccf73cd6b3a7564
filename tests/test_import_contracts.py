"""The import contracts of a bake: every variant keeps them, a wrong import breaks one.

`lint-imports` (import-linter) reads the contracts from the bake's pyproject.toml; each
wrong-way import below goes into a copy of a bake that also holds an app made by
`manage.py startapp`, and `make lint` must fail naming the contract and the import.
"""

import json
import shutil
import sys
import tomllib

import pytest
from conftest import BIN_DIR, run

pytestmark = pytest.mark.slow

SHARED_VENV = BIN_DIR.parent
LAYERS = "Each app's layers run one way: urls, views, forms, models"
CORE = "core is the ground floor: it imports no other app"
INDEPENDENT = "Apps are independent of each other, except through core"
NO_CONFIG = "No app imports config: settings are read through django.conf.settings"
CONTRACTS = [LAYERS, CORE, INDEPENDENT, NO_CONFIG]


def import_linter_config(project):
    pyproject = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    return pyproject["tool"]["importlinter"]


def test_every_variant_keeps_every_contract(project):
    result = run([BIN_DIR / "lint-imports", "--no-cache"], cwd=project)

    config = import_linter_config(project)
    assert [contract["name"] for contract in config["contracts"]] == CONTRACTS
    for name in CONTRACTS:
        assert f"{name} KEPT" in result.stdout
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def test_the_contracts_name_no_app_and_let_no_ignore_go_stale(project):
    config = import_linter_config(project)

    # Wildcards cover the apps, so pruning the blog leaves nothing naming it.
    assert "blog" not in json.dumps(config)
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
    assert "Contracts: 4 kept, 0 broken." in result.stdout


# (the contract it breaks, the module changed, the import added to it)
WRONG_WAY = [
    (LAYERS, "users/forms.py", "from my_site.users import views"),
    (LAYERS, "recipes/models.py", "from my_site.recipes import views"),
    (LAYERS, "recipes/views.py", "from my_site.recipes.tests import test_views"),
    (CORE, "core/views.py", "from my_site.users import models"),
    (CORE, "core/context_processors.py", "from my_site.recipes import models"),
    (INDEPENDENT, "users/views.py", "from my_site.blog import models"),
    (INDEPENDENT, "blog/views.py", "from my_site.recipes import models"),
    (INDEPENDENT, "recipes/views.py", "from my_site.blog import models"),
    (INDEPENDENT, "blog/views.py", "from my_site.users.tests import factories"),
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


def test_an_app_without_a_required_layer_is_an_error_not_a_pass(site):
    # Proof that the wildcard reaches the new app: the contract looks for its urls.
    (site / "my_site" / "recipes" / "urls.py").unlink()

    result = make_lint(site)

    assert result.returncode != 0
    assert "module my_site.recipes.urls does not exist" in result.stdout + result.stderr
