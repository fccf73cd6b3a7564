"""Jinja filters that turn free-text answers into safe string literals."""

from cookiecutter.utils import simple_filter


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
