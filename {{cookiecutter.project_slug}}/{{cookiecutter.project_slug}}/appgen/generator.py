"""Create a new app from the project's own app template (`app_template/`).

Two callers share this module: `manage.py startapp` and the template's bake-time hook.
It must import nothing from Django, because the hook runs before Django is installed.

Every file under `app_template/` is copied into `<package>/<name>/`; a `.py-tpl` ending
becomes `.py`, and the placeholders `model_names()` and `create_app()` define (`$app_name`,
`$model`...) are replaced in file names and contents (`string.Template`; write `$$` for a
dollar sign).
The new app is then listed in `config/settings/base.py`, mounted at `/<name>/` in
`config/urls.py`, and added to the top line of the apps' stated order (the import
contracts in `pyproject.toml`), beside the marker comments those files hold.
"""

import re
from pathlib import Path
from string import Template

from .names import (
    TEMPLATE_DIR,
    AppError,
    check_model,
    check_names,
    default_model,
    model_names,
    parse_names,
)

# What the hook and the command use, the checks of names.py included.
__all__ = [
    "AppError",
    "check_app",
    "create_app",
    "create_apps",
    "default_model",
    "model_names",
    "parse_names",
    "registration",
]

SETTINGS_FILE = Path("config", "settings", "base.py")
URLS_FILE = Path("config", "urls.py")
PYPROJECT_FILE = Path("pyproject.toml")
APPS_MARKER = "# startapp adds new apps above this line."
URLS_MARKER = "# startapp mounts new apps above this line."
LAYERS_MARKER = "# startapp adds new apps to the line below."
DOCS_FILE = Path("docs", "architecture.md")
DOCS_MARKER = "<!-- startapp adds new apps above this line. -->"


def create_apps(names, project_dir, package):
    """Check every name first, then create each app; return the paths written.

    Each app's model is named after it, as `default_model()` says.
    """
    check_names(names, project_dir, package)
    for name in names:
        check_model(default_model(name), named_after_the_app=True)
    return [path for name in names for path in create_app(name, project_dir, package)]


def check_app(name, project_dir, package, installed=(), model=None):
    """Raise AppError if the app, or its model (named after it by default), cannot
    be created."""
    check_names([name], Path(project_dir), package, installed)
    check_model(model or default_model(name), named_after_the_app=model is None)


def create_app(name, project_dir, package, installed=(), model=None):
    """Write the app around ``model`` and register it; return the paths written.

    Without a model, one is named after the app (`default_model()`). Everything is
    checked and rendered in memory before the first file is written, so a bad name,
    template or marker leaves the project untouched.
    """
    project_dir = Path(project_dir)
    check_app(name, project_dir, package, installed, model)
    model = model or default_model(name)
    placeholders = {
        "app_name": name,
        "package": package,
        "config_class": name.title().replace("_", "") + "Config",
        "verbose_name": name.replace("_", " ").capitalize(),
        **model_names(model),
    }
    files = render_app(project_dir / TEMPLATE_DIR, placeholders)
    registered = registration(name, project_dir, package)
    registered += documentation(name, model, project_dir)

    app_dir = project_dir / package / name
    written = []
    for relative, text in files.items():
        path = app_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for path, text in registered:
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def registration(name, project_dir, package):
    """[(path, its new text)]: the settings list the app, the URLs mount it, and the
    stated order of the apps has it on its top line, independent of the others."""
    return [
        insert_above(project_dir / SETTINGS_FILE, APPS_MARKER, f'"{package}.{name}",'),
        insert_above(
            project_dir / URLS_FILE,
            URLS_MARKER,
            f'path("{name}/", include("{package}.{name}.urls")),',
        ),
        add_to_top_layer(project_dir / PYPROJECT_FILE, name),
    ]


def documentation(name, model, project_dir):
    """[(path, its new text)]: the architecture page lists the app, if it still has
    the line where apps go (a page the user rewrote is left alone)."""
    page = project_dir / DOCS_FILE
    if not page.is_file() or DOCS_MARKER not in page.read_text(encoding="utf-8"):
        return []
    line = (
        f"- `{name}`: the model `{model}` in `{name}/models.py`, its pages at "
        f"`/{name}/` for signed-in users."
    )
    return [insert_above(page, DOCS_MARKER, line)]


def render_app(template_dir, placeholders):
    """{path inside the new app: text} for every file of the app template."""
    if not template_dir.is_dir():
        raise AppError(f"the app template {template_dir} is missing")
    files = {}
    for source in sorted(template_dir.rglob("*")):
        compiled = source.suffix == ".mo"  # made from its .po at install time
        if not source.is_file() or "__pycache__" in source.parts or compiled:
            continue
        relative = source.relative_to(template_dir).as_posix()
        if relative.endswith(".py-tpl"):
            relative = relative.removesuffix("-tpl")
        try:
            target = Template(relative).substitute(placeholders)
            files[target] = Template(source.read_text("utf-8")).substitute(placeholders)
        except (KeyError, ValueError) as error:
            raise AppError(
                f"{source}: bad placeholder {error}; the placeholders are "
                f"{', '.join('$' + key for key in placeholders)} (write $$ for $)"
            ) from error
    return files


def insert_above(path, marker, line):
    """(path, its text with line inserted above the marker, at the marker's indent)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    found = [index for index, each in enumerate(lines) if each.strip() == marker]
    if len(found) != 1:
        raise AppError(
            f"{path} must hold the line {marker!r} exactly once, where new "
            "entries go; put it back and try again"
        )
    if line in text:
        raise AppError(f"{path} already has {line}")
    marker_line = lines[found[0]]
    indent = marker_line[: len(marker_line) - len(marker_line.lstrip())]
    lines.insert(found[0], f"{indent}{line}\n")
    return path, "".join(lines)


# A line of the stated order: one or more apps, beside each other ("notes | recipes").
LAYER = re.compile(r'(?P<indent>\s*)"(?P<apps>[a-z0-9_ |()]+)",')


def add_to_top_layer(path, name):
    """(path, its text with the app beside the others on the line below the marker,
    or on a line of its own there when no app is listed yet)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    found = [index for index, each in enumerate(lines) if each.strip() == LAYERS_MARKER]
    if len(found) != 1:
        raise AppError(
            f"{path} must hold the line {LAYERS_MARKER!r} exactly once, above the "
            "apps' top layer; put it back and try again"
        )
    marker_line = lines[found[0]]
    indent = marker_line[: len(marker_line) - len(marker_line.lstrip())]
    below = found[0] + 1
    layer = LAYER.fullmatch(lines[below].rstrip("\n")) if below < len(lines) else None
    if layer is None:
        lines.insert(below, f'{indent}"{name}",\n')
    elif name in re.split(r"[\s|()]+", layer["apps"]):
        raise AppError(f"{path} already lists {name} in the apps' order")
    else:
        lines[below] = f'{layer["indent"]}"{layer["apps"]} | {name}",\n'
    return path, "".join(lines)
