"""The project of its own each app generator test writes to, in a temporary folder,
so that the real project is never written to."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

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
    (tmp_path / "docs").mkdir()
    (tmp_path / generator.DOCS_FILE).write_text(
        f"The site's apps:\n\n- `shop`: products.\n{generator.DOCS_MARKER}\n"
    )
    (tmp_path / PACKAGE / "core").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def snapshot(project):
    """A function giving every file of the project with its content, to show that
    nothing changed."""

    def files():
        return {
            path.relative_to(project): path.read_bytes()
            for path in sorted(project.rglob("*"))
            if path.is_file()
        }

    return files
