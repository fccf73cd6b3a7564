"""Tests of `manage.py startapp`, the command that runs the app generator."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

PACKAGE = "{{ cookiecutter.project_slug }}"


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
    assert "python manage.py makemigrations spice_rack and" in printed


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
    snapshot, startapp, project, args, message
):
    before = snapshot()

    with pytest.raises(CommandError, match=f"Cannot create the app: {message}"):
        startapp(*args)

    assert snapshot() == before


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
    snapshot, startapp, project, failing_check
):
    before = snapshot()

    with pytest.raises(CommandError, match="the project is broken"):
        startapp("spice_rack")

    assert snapshot() == before


def test_a_refused_name_is_reported_before_the_checks_run(
    startapp, project, failing_check
):
    # The name's problem comes first: the checks (which open the database) never ran.
    with pytest.raises(CommandError, match="'Bad' must start with a-z"):
        startapp("Bad")
{%- if cookiecutter.languages != "en" %}


CATALOGUE = "locale/pt_BR/LC_MESSAGES/django"


def test_startapp_compiles_the_new_apps_translations(startapp, project):
    # Its pages under /pt-br/ speak Portuguese before the next make install.
    printed = startapp("spice_rack")

    compiled = project / PACKAGE / "spice_rack" / f"{CATALOGUE}.mo"
    assert compiled.stat().st_size > 0
    assert "Its translations are compiled." in printed


def test_without_gettext_startapp_creates_the_app_and_says_how_to_compile(
    startapp, project, monkeypatch, capsys
):
    monkeypatch.setenv("PATH", str(project / "no-programs-here"))

    printed = startapp("spice_rack")

    app = project / PACKAGE / "spice_rack"
    warning = capsys.readouterr().err
    assert (app / f"{CATALOGUE}.po").is_file()
    assert not (app / f"{CATALOGUE}.mo").exists()
    assert "Created the app spice_rack" in printed
    assert "run make compile-messages once gettext is installed" in warning
{%- endif %}
