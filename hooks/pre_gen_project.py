"""Check the answers before cookiecutter writes any file.

Cookiecutter renders this script with Jinja, runs it, and deletes the half-made
project when it exits with an error, so a bad answer never leaves debris behind.
"""

import json
import keyword
import re
import sys
import unicodedata
import zoneinfo
from importlib.util import find_spec

# JSON escapes every quote, backslash and non-ASCII letter inside the answers, so
# no free-text answer can end this raw string early or break the Python around it.
ANSWERS = json.loads(r"""{{ cookiecutter | jsonify }}""")

LICENSES = ("MIT", "BSD-3-Clause", "Apache-2.0", "Proprietary")
DATABASES = ("sqlite", "postgresql")
CACHES = ("local", "redis")
CI_SERVICES = ("github", "none")
PYTHON_KEYWORDS = {*keyword.kwlist, *keyword.softkwlist}
# Names the generated project already uses at its top level or inside its package.
PROJECT_NAMES = {
    "config",
    "tests",
    "core",
    "users",
    "blog",
    "static",
    "templates",
    "media",
}
# Import names of the project's dependencies, which may not be installed here yet.
DEPENDENCIES = {
    "django",
    "environ",
    "gunicorn",
    "whitenoise",
    "psycopg",
    "redis",
    # The dev group's tools.
    "coverage",
    "debug_toolbar",
    "django_stubs_ext",
    "django_upgrade",
    "djlint",
    "mypy",
    "pre_commit",
    "pytest",
    "pytest_cov",
}

SLUG = re.compile(r"[a-z][a-z0-9_]*")
DNS_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
EMAIL_LOCAL_PART = re.compile(r"[A-Za-z0-9._%+-]+")


def one_of(allowed):
    return lambda value: value in allowed


def none_of(taken):
    return lambda value: value not in taken


def at_most(limit):
    return lambda value: len(value) <= limit


def is_importable(name):
    # Asks the import system directly: listing every installed distribution (or
    # every time zone, below) takes longer than the whole rest of the bake.
    return find_spec(name) is not None


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
            none_of(PROJECT_NAMES),
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
    "include_blog": [(is_bool, "must be yes or no")],
    "database": [(one_of(DATABASES), f"must be one of {', '.join(DATABASES)}")],
    "cache": [(one_of(CACHES), f"must be one of {', '.join(CACHES)}")],
    # Each name is checked after the files are written, by the code that creates
    # the apps (post_gen_project.py), which needs the project to compare against.
    "apps": [
        (is_text, "must be text: app names separated by commas"),
        (is_one_line, "must be a single line"),
    ],
    "license": [(one_of(LICENSES), f"must be one of {', '.join(LICENSES)}")],
    "ci": [(one_of(CI_SERVICES), f"must be one of {', '.join(CI_SERVICES)}")],
}


def errors(answers):
    """Yield one message per invalid answer, for the first rule it breaks."""
    for field, rules in RULES.items():
        value = answers[field]
        for passes, problem in rules:
            if not passes(value):
                yield f"ERROR: {field} {value!r} {problem}."
                break


def main():
    messages = list(errors(ANSWERS))
    for message in messages:
        print(message, file=sys.stderr)
    if messages:
        sys.exit(1)


main()
