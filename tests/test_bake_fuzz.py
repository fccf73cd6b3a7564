"""Fuzzed free-text answers: each bakes a sound project or is refused by name.

Hypothesis builds answers from the characters that break quoting (quotes, backslashes,
braces, Jinja markers, line breaks, any Unicode). A bake that succeeds must compile,
parse and, for a sample, pass Django's checks; one that fails must name the field and
leave no directory behind.
"""

import itertools
import re
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR, run
from cookiecutter.exceptions import FailedHookException, UndefinedVariableInTemplate
from cookiecutter.main import cookiecutter
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

FUZZED = ("project_name", "description", "author_name", "author_email", "domain_name")
# Text that breaks quoting in Python, TOML, Markdown or HTML, yet is a fine answer.
PRINTABLE_TRICKY = ['"', "'", '"""', "\\", "\\n", "{", "}", "}}", "%}", "#}", "{0}"]
PRINTABLE_TRICKY += ["ü", "Ω", "💡", "$", "%s", " ", "@", ".", "<b>", "&amp;", "`"]
# Cookiecutter reads these as Jinja, and the hooks refuse control characters.
JINJA_OPENERS = ["{{", "{%", "{#", "{{ 6*7 }}", "{% raw %}"]
CONTROLS = ["\n", "\t", "\r", "\x00", "\x1b", "\u2028"]
JINJA_MARKUP = re.compile(r"\{\{|\{%|\{#")

one_line = (
    st.lists(
        st.one_of(
            st.sampled_from(PRINTABLE_TRICKY),
            st.text(
                st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
                min_size=1,
                max_size=4,
            ),
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda text: text.strip() and not JINJA_MARKUP.search(text))
)
anything = st.lists(
    st.one_of(
        st.sampled_from(PRINTABLE_TRICKY + JINJA_OPENERS + CONTROLS),
        st.text(max_size=4),
    ),
    max_size=6,
).map("".join)
# Printable answers that should all bake; in about half the examples, one of them is
# replaced by anything at all, which the hooks (or cookiecutter) may refuse.
answers = st.builds(
    lambda good, field, text: good if field is None else {**good, field: text},
    st.fixed_dictionaries(
        {
            "project_name": one_line,
            "description": one_line,
            "author_name": one_line,
            "author_email": st.just("ada@example.com"),
            "domain_name": st.just("example.com"),
        }
    ),
    st.sampled_from([None] * len(FUZZED) + list(FUZZED)),
    anything,
)
# Django's checks take a couple of seconds: run them on every 15th project baked.
baked_count = itertools.count()


def bake(answers, output_dir):
    """(project path or None, error text) for one bake of the real template."""
    try:
        project = cookiecutter(
            str(TEMPLATE_DIR),
            no_input=True,
            output_dir=str(output_dir),
            extra_context={"project_slug": "fuzz_site", **answers},
        )
    except FailedHookException as error:
        return None, str(error)  # one "ERROR: <field> ..." line per bad answer
    except UndefinedVariableInTemplate as error:
        return None, f"{error.message}: {error.error.message}"
    return Path(project), ""


def check_project(project, answers):
    for path in project.rglob("*.py"):
        compile(path.read_text("utf-8"), str(path), "exec")
    metadata = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    if not JINJA_MARKUP.search(answers["description"]):
        assert metadata["project"]["description"] == answers["description"]
    if next(baked_count) % 15 == 0:
        event("baked and checked by Django")
        env = {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
        run(
            [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
            project,
            env,
        )
        title = run(
            [
                sys.executable,
                "-c",
                "from django.conf import settings; print(settings.SITE_TITLE)",
            ],
            project,
            env,
        ).stdout.removesuffix("\n")
        if not JINJA_MARKUP.search(answers["project_name"]):
            assert title == answers["project_name"]


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=answers)
def test_free_text_answers_bake_a_sound_project_or_are_refused_by_name(
    answers, tmp_path, capfd
):
    output_dir = Path(tempfile.mkdtemp(dir=tmp_path))
    capfd.readouterr()

    project, error = bake(answers, output_dir)
    error += capfd.readouterr().err

    if project is not None:
        event("baked")
        check_project(project, answers)
        return
    named = set(re.findall(r"^ERROR: (\w+) ", error, re.MULTILINE))
    named |= set(re.findall(r"^Unable to render variable '(\w+)'", error, re.MULTILINE))
    assert named, error
    assert named <= set(FUZZED), error
    assert list(output_dir.iterdir()) == []
    event(f"refused, naming {', '.join(sorted(named))}")
