"""The rules every answer must pass, and the advice shown when one does not.

Two callers load this file by its path: the "__answers_checked" step of
cookiecutter.json (through local_extensions.py), right after the last question,
and hooks/pre_gen_project.py, which checks replayed answers before any file is
written. The names the project already uses are read from the template itself and
from the app generator (`appgen/names.py`), so that they are listed in one place.
"""

import importlib.util
import keyword
import os
import re
import shlex
import sys
import unicodedata
import zoneinfo
from importlib.util import find_spec
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"
PACKAGE_DIR = PROJECT_DIR / "{{cookiecutter.project_slug}}"


def load_module(name, path):
    """Import a file of the template by its path, leaving no __pycache__ beside it."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes_bytecode
    return module


# The module `manage.py startapp` uses; it imports nothing but the standard library.
appgen = load_module("template_appgen", PACKAGE_DIR / "appgen" / "names.py")

LICENSES = ("MIT", "BSD-3-Clause", "Apache-2.0", "Proprietary")
DATABASES = ("sqlite", "postgresql")
CACHES = ("local", "redis")
MEDIA_STORAGES = ("local", "s3")
CI_SERVICES = ("github", "none")
LANGUAGE_CHOICES = ("en", "en,pt-br")
PYTHON_KEYWORDS = {*keyword.kwlist, *keyword.softkwlist}
# Import names of the project's dependencies and of what they depend on, which may
# not be installed where cookiecutter runs: a package of the same name would shadow
# them in the project. tests/test_hooks.py checks this against the shared virtualenv.
DEPENDENCIES = set(
    """
    django asgiref sqlparse environ django_tasks_db dbbackup gunicorn packaging
    whitenoise allauth fido2 qrcode cryptography cffi pycparser
    brotli psycopg psycopg_binary redis typing_extensions coverage debug_toolbar
    django_stubs_ext
    mypy_django_plugin django_upgrade tokenize_rt djlint click colorama regex
    cssbeautifier jsbeautifier editorconfig json5 pathspec yaml mypy mypyc
    mypy_extensions librt ast_serialize playwright greenlet pyee pre_commit cfgv
    uv identify nodeenv virtualenv distlib filelock platformdirs python_discovery
    pytest py pluggy iniconfig pygments pytest_cov pytest_django ruff importlinter
    grimp rich markdown_it mdurl storages boto3 botocore s3transfer jmespath dateutil
    six urllib3 model_bakery
    """.split()  # noqa: SIM905 (a word list reads better than 53 lines)
)

SLUG = re.compile(r"[a-z][a-z0-9_]*")
DNS_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
EMAIL_LOCAL_PART = re.compile(r"[A-Za-z0-9._%+-]+")


def one_of(allowed):
    return lambda value: value in allowed


def none_of(taken):
    return lambda value: value not in taken


def at_most(limit):
    return lambda value: len(value) <= limit


def layout_names():
    """Names the generated project uses at its root and in its package, the folders
    its tools and settings create there, and what its .gitignore leaves out."""
    entries = [*PROJECT_DIR.iterdir(), *PACKAGE_DIR.iterdir()]
    ignored = (PROJECT_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()
    return (
        {path.name.split(".")[0] for path in entries}
        | {line.strip().strip("/") for line in ignored}
        | appgen.PROJECT_NAMES
    )


def is_importable(name):
    # Asks the import system directly: listing every installed distribution (or
    # every time zone, below) takes longer than the whole rest of the bake. The
    # current folder does not count either: cruft runs from inside the project.
    here = {"", ".", os.getcwd()}
    saved = sys.path[:]
    sys.path[:] = [entry for entry in saved if entry not in here]
    try:
        spec = find_spec(name)
    finally:
        sys.path[:] = saved
    # A bare folder, such as the empty project folder cookiecutter has just made
    # (on sys.path under cruft), is a namespace package: not something installed.
    return spec is not None and spec.origin is not None


def is_time_zone(name):
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # not found, a folder or not a zone file
        return False
    return True


def is_bool(value):
    return isinstance(value, bool)


def is_text(value):
    return isinstance(value, str)


def is_one_line(text):
    # Control characters would break the quoted strings the template writes into
    # Python and TOML files, and a name or a tagline has no use for them.
    controls = {"Cc", "Zl", "Zp"}
    return not any(unicodedata.category(char) in controls for char in text)


def is_bare(domain):
    return "/" not in domain and ":" not in domain


def is_host_name(name):
    labels = name.split(".")
    return (
        len(name) <= 253
        and len(labels) > 1
        and all(DNS_LABEL.fullmatch(label) for label in labels)
        and not labels[-1].isdigit()  # a numeric last label means an IP address
    )


def is_email(address):
    local_part, _, domain = address.rpartition("@")
    return bool(EMAIL_LOCAL_PART.fullmatch(local_part)) and is_host_name(domain.lower())


TEXT_RULES = [
    (str.strip, "must not be empty"),
    (is_one_line, "must be a single line without tabs or other control characters"),
    (at_most(200), "must be at most 200 characters long"),
]

# Each answer's checks, in order: (passes, what is wrong when it does not).
RULES = {
    "project_slug": [
        (SLUG.fullmatch, "must start with a-z and hold only a-z, 0-9 and _"),
        (at_most(40), "must be at most 40 characters long"),
        (none_of(PYTHON_KEYWORDS), "is a Python keyword; choose another name"),
        (
            none_of(sys.stdlib_module_names),
            "is a standard-library module; choose another name",
        ),
        (
            none_of(layout_names()),
            "is already used inside the project; choose another name",
        ),
        (
            lambda slug: slug not in DEPENDENCIES and not is_importable(slug),
            "is the name of a Python package; choose another name",
        ),
    ],
    "project_name": TEXT_RULES,
    "description": TEXT_RULES,
    "author_name": TEXT_RULES,
    "author_email": [(is_email, "must be a plain address such as ada@example.com")],
    "domain_name": [
        (
            is_bare,
            "must be the bare domain, such as example.com, without a scheme or path",
        ),
        (is_host_name, "must be a lowercase host name such as example.com"),
    ],
    "time_zone": [
        (is_time_zone, "must be an IANA time zone name such as Europe/Lisbon"),
    ],
    "languages": [
        (one_of(LANGUAGE_CHOICES), f"must be one of {', '.join(LANGUAGE_CHOICES)}")
    ],
    "include_blog": [(is_bool, "must be yes or no")],
    "database": [(one_of(DATABASES), f"must be one of {', '.join(DATABASES)}")],
    "cache": [(one_of(CACHES), f"must be one of {', '.join(CACHES)}")],
    "media_storage": [
        (one_of(MEDIA_STORAGES), f"must be one of {', '.join(MEDIA_STORAGES)}")
    ],
    # Each name is then checked by apps_problem(), below.
    "apps": [
        (is_text, "must be text: app names separated by commas"),
        (is_one_line, "must be a single line"),
    ],
    "license": [(one_of(LICENSES), f"must be one of {', '.join(LICENSES)}")],
    "ci": [(one_of(CI_SERVICES), f"must be one of {', '.join(CI_SERVICES)}")],
}


def apps_problem(answers):
    """Why one of the apps named cannot be made (as appgen words it), or None."""
    own_apps = {path.name for path in PACKAGE_DIR.iterdir() if path.is_dir()}
    if not answers["include_blog"]:
        own_apps.discard("blog")  # pruned: the name is free for an app of one's own
    names = appgen.parse_names(answers["apps"])
    for name in names:
        if name in own_apps:
            return f"{name!r} is one of the project's own apps"
    try:
        # PROJECT_DIR holds no folder named after the package: nothing else exists.
        appgen.check_names(names, PROJECT_DIR, answers["project_slug"])
    except appgen.AppError as error:
        return str(error)
    return None


def errors(answers):
    """Yield one message per invalid answer, for the first rule it breaks."""
    refused = set()
    for field, rules in RULES.items():
        value = answers[field]
        for passes, problem in rules:
            if not passes(value):
                refused.add(field)
                yield f"ERROR: {field} {value!r} {problem}."
                break
    # App names are checked against the package name, so only once it is valid.
    if not refused & {"project_slug", "apps", "include_blog"}:
        problem = apps_problem(answers)
        if problem:
            yield f"ERROR: apps {problem}."


def replay_advice(replay_file, template):
    """How to run again with the saved answers, one of them corrected."""
    return (
        f"Every answer is saved in {replay_file}: correct the one refused there, "
        "then run again without retyping the others:\n"
        f"  cookiecutter --replay-file {shlex.quote(str(replay_file))} "
        f"{shlex.quote(str(template))}"
    )
