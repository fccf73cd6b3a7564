"""Jinja filters that turn free-text answers into safe string literals, and the check
that refuses bad answers as soon as the last question is answered."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from cookiecutter.exceptions import FailedHookException
from cookiecutter.replay import dump, get_file_name
from cookiecutter.utils import simple_filter
from jinja2.exceptions import TemplateSyntaxError, UndefinedError
from jinja2.ext import Extension


@simple_filter
def py_str(value: str) -> str:
    """Quote value as a Python literal, with the quotes ``ruff format`` would pick."""
    body = value.replace("\\", "\\\\")
    if value.count('"') > value.count("'"):
        return "'" + body.replace("'", "\\'") + "'"
    return '"' + body.replace('"', '\\"') + '"'


@simple_filter
def toml_str(value: str) -> str:
    """Quote value as a TOML basic string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@simple_filter
def git_config(placeholder: str, key: str, field: str) -> str:
    """The user's own git setting (such as user.name), if it would pass as the
    answer to field; else the placeholder.

    Used for the defaults that end up in the licence and pyproject.toml: what git
    already knows is what a person would type, and a placeholder reads as one.
    """
    try:
        found = subprocess.run(
            ["git", "config", "--global", "--get", key],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # no git, or it hangs
        return placeholder
    value = found.stdout.strip()
    rules = load_answers_module().RULES[field]
    return value if value and all(passes(value) for passes, _ in rules) else placeholder


class AnswerSyntax(Extension):
    """Name the answer when cookiecutter cannot read its braces.

    Without prompting (--no-input, key=value, extra_context) cookiecutter renders each
    answer as a Jinja template, so "{{ 6*7 }}" becomes "42", and braces that do not
    parse, such as "a {% b", crash it with a traceback. Raising UndefinedError instead
    makes cookiecutter stop with "Unable to render variable '<name>'" and this reason.
    """

    def __init__(self, environment):
        super().__init__(environment)
        self._checking = False

    def preprocess(self, source, name, filename=None):
        # Templates read from files have a name; answers, paths and hooks do not.
        if name is None and not self._checking:
            self._checking = True  # parse() below calls preprocess() again
            try:
                self.environment.parse(source)
            except TemplateSyntaxError as error:
                raise UndefinedError(
                    f"{source!r} holds Jinja markup that does not parse "
                    f"({error.message}); write {{{{ '{{{{' }}}} for a literal {{{{"
                ) from error
            finally:
                self._checking = False
        return source


def load_answers_module():
    """hooks/answers.py, by its path (the hooks folder is no package)."""
    path = Path(__file__).resolve().parent / "hooks" / "answers.py"
    spec = importlib.util.spec_from_file_location("template_answers", path)
    module = importlib.util.module_from_spec(spec)
    writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes_bytecode
    return module


def replay_location():
    """(replay folder, template name, template) of the cookiecutter() call running.

    Cookiecutter writes its replay file only after the last question, and keeps
    where in local variables of cookiecutter.main.cookiecutter; None if not found.
    """
    frame = sys._getframe()
    while frame is not None:
        names = frame.f_locals
        if frame.f_code.co_name == "cookiecutter" and "config_dict" in names:
            return (
                names["config_dict"]["replay_dir"],
                names["template_name"],
                names["template"],
            )
        frame = frame.f_back
    return None


@simple_filter
def refuse_bad_answers(answers):
    """Stop before anything is written if an answer is bad; render nothing if not.

    Cookiecutter renders "__answers_checked" after the last question. Stopping here
    instead of in the pre-generation hook spares the user cookiecutter's traceback:
    its command prints a FailedHookException's message alone, as the last lines.
    """
    rules = load_answers_module()
    messages = list(rules.errors(answers))
    if not messages:
        return ""
    location = replay_location()
    if location:
        # What cookiecutter itself saves once the answers pass, so that --replay-file
        # asks nothing again.
        replay_dir, template_name, template = location
        saved = {"cookiecutter": {**answers, "__answers_checked": ""}}
        dump(replay_dir, template_name, saved)
        advice = rules.replay_advice(get_file_name(replay_dir, template_name), template)
        messages += ["", advice]
    raise FailedHookException("\n".join(messages))
