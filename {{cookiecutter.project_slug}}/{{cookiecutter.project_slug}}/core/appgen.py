"""Create a new app from the project's own app template (`app_template/`).

Two callers share this module: `manage.py startapp` and the template's bake-time hook.
It must import nothing from Django, because the hook runs before Django is installed.

Every file under `app_template/` is copied into `<package>/<name>/`; a `.py-tpl` ending
becomes `.py`, and `$app_name`, `$package`, `$config_class` and `$verbose_name` in file
names and contents are replaced (`string.Template`; write `$$` for a dollar sign).
The new app is then listed in `config/settings/base.py` and mounted at `/<name>/` in
`config/urls.py`, above the marker comments those files hold.
"""

import importlib.util
import keyword
import re
import sys
from pathlib import Path
from string import Template

TEMPLATE_DIR = "app_template"
SETTINGS_FILE = Path("config", "settings", "base.py")
URLS_FILE = Path("config", "urls.py")
APPS_MARKER = "# startapp adds new apps above this line."
URLS_MARKER = "# startapp mounts new apps above this line."

NAME = re.compile(r"[a-z][a-z0-9_]*")
MAX_LENGTH = 30  # keeps the generated lines within the formatter's 88 columns
# Labels of Django's own apps: two apps with one label cannot be installed together.
DJANGO_APPS = {
    "admin",
    "admindocs",
    "auth",
    "contenttypes",
    "flatpages",
    "gis",
    "humanize",
    "messages",
    "postgres",
    "redirects",
    "sessions",
    "sitemaps",
    "sites",
    "staticfiles",
    "syndication",
    "django",
}
# Folders and URL prefixes the project already uses for something else.
PROJECT_NAMES = {
    "config",
    "tests",
    "templates",
    "static",
    "staticfiles",
    "media",
    "migrations",
    "management",
    "templatetags",
    "accounts",
    TEMPLATE_DIR,
}


class AppError(Exception):
    """Why an app cannot be created; nothing has been written when it is raised."""


def problem_with(name, project_dir, package, installed=()):
    """The reason ``name`` cannot be a new app in the project, or None if it can.

    ``installed`` holds the labels of the apps already installed, where known.
    """
    package_dir = Path(project_dir, package)
    checks = [
        (NAME.fullmatch(name), "must start with a-z and hold only a-z, 0-9 and _"),
        (len(name) <= MAX_LENGTH, f"must be at most {MAX_LENGTH} characters long"),
        (
            not keyword.iskeyword(name) and not keyword.issoftkeyword(name),
            "is a Python keyword",
        ),
        (name not in sys.stdlib_module_names, "is a standard-library module"),
        (name not in DJANGO_APPS, "is the name of one of Django's apps"),
        (name not in installed, "is the label of an installed app"),
        (name not in PROJECT_NAMES, "is already used by the project's layout"),
        (name != package, "is the project's package"),
        (
            not (package_dir / name).exists()
            and not (package_dir / f"{name}.py").exists(),
            f"already exists in {package}/",
        ),
        (not is_importable(name), "is the name of an installed Python module"),
    ]
    for passes, reason in checks:
        if not passes:
            return reason
    return None


def is_importable(name):
    # Looks the name up without importing it; only top-level names get here.
    return importlib.util.find_spec(name) is not None


def parse_names(text):
    """The app names in a comma-separated list, without blanks."""
    return [name.strip() for name in text.split(",") if name.strip()]


def check_names(names, project_dir, package, installed=()):
    """Raise AppError naming the first bad name and why, or a repeated name."""
    for index, name in enumerate(names):
        reason = problem_with(name, project_dir, package, installed)
        if reason is None and name in names[:index]:
            reason = "is named twice"
        if reason:
            raise AppError(f"{name!r} {reason}")


def create_apps(names, project_dir, package):
    """Check every name first, then create each app; return the paths written."""
    check_names(names, project_dir, package)
    return [path for name in names for path in create_app(name, project_dir, package)]


def create_app(name, project_dir, package, installed=()):
    """Write the app and register it; return the paths written or changed.

    Everything is checked and rendered in memory before the first file is written,
    so a bad name, template or marker leaves the project untouched.
    """
    project_dir = Path(project_dir)
    check_names([name], project_dir, package, installed)
    placeholders = {
        "app_name": name,
        "package": package,
        "config_class": name.title().replace("_", "") + "Config",
        "verbose_name": name.replace("_", " ").capitalize(),
    }
    files = render_app(project_dir / TEMPLATE_DIR, placeholders)
    settings = insert_above(
        project_dir / SETTINGS_FILE, APPS_MARKER, f'"{package}.{name}",'
    )
    urls = insert_above(
        project_dir / URLS_FILE,
        URLS_MARKER,
        f'path("{name}/", include("{package}.{name}.urls")),',
    )

    app_dir = project_dir / package / name
    written = []
    for relative, text in files.items():
        path = app_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for path, text in (settings, urls):
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def render_app(template_dir, placeholders):
    """{path inside the new app: text} for every file of the app template."""
    if not template_dir.is_dir():
        raise AppError(f"the app template {template_dir} is missing")
    files = {}
    for source in sorted(template_dir.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
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
