"""Jinja filters that turn free-text answers into safe string literals."""

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
