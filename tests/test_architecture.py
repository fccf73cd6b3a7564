"""The generated project explains itself: every app module names its role."""

import ast

import pytest

pytestmark = pytest.mark.slow


def app_modules(project):
    """The Python modules of the baked apps, without migrations or empty markers."""
    package = project / project.name
    for path in sorted(package.rglob("*.py")):
        generated = "migrations" in path.relative_to(package).parts
        marker = path.name == "__init__.py" and not path.read_text("utf-8").strip()
        if not (generated or marker):
            yield path


def test_every_app_module_opens_with_a_docstring(project):
    modules = list(app_modules(project))
    undocumented = [
        str(path.relative_to(project))
        for path in modules
        if not ast.get_docstring(ast.parse(path.read_text("utf-8")))
    ]

    assert len(modules) > 10
    assert not undocumented, f"modules without an opening docstring: {undocumented}"
