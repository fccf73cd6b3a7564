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
from importlib.metadata import packages_distributions

# JSON escapes every quote, backslash and non-ASCII letter inside the answers, so
# no free-text answer can end this raw string early or break the Python around it.
ANSWERS = json.loads(r"""{{ cookiecutter | jsonify }}""")

# Top-level names inside the generated project and its dependencies' import names:
# a package called like one of them would be shadowed by it, or shadow it.
TAKEN_NAMES = {"config", "tests", "core", "users", "blog", "static", "templates", "media"}
DEPENDENCIES = {"django", "environ", "gunicorn", "whitenoise", "factory", "pytest"}
LICENSES = ("MIT", "BSD-3-Clause", "Apache-2.0", "Proprietary")

SLUG = re.compile(r"[a-z][a-z0-9_]*")
DNS_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
EMAIL_LOCAL_PART = re.compile(r"[A-Za-z0-9._%+-]+")


def is_one_line(text):
    # Control characters would break the quoted strings the template writes into
    # Python and TOML files, and a title or byline has no use for them.
    controls = {"Cc", "Zl", "Zp"}
    return not any(unicodedata.category(char) in controls for char in text)


def is_host_name(name):
    labels = name.split(".")
    return (
        len(name) <= 253
        and len(labels) > 1
        and all(DNS_LABEL.fullmatch(label) for label in labels)
        and not labels[-1].isdigit()  # a numeric top-level label is an IP address
    )


def is_email(address):
    local_part, _, domain = address.rpartition("@")
    return bool(EMAIL_LOCAL_PART.fullmatch(local_part)) and is_host_name(domain.lower())


TEXT_RULES = [
    (lambda text: text.strip(), "must not be empty"),
    (is_one_line, "must be a single line without tabs or other control characters"),
    (lambda text: len(text) <= 200, "must be at most 200 characters long"),
]

# For each answer, the checks in order: (passes, what is wrong when it does not).
RULES = {
    "project_slug": [
        (SLUG.fullmatch, "must start with a lowercase letter and hold only a-z, 0-9 and _"),
        (lambda slug: len(slug) <= 40, "must be at most 40 characters long"),
        (
            lambda slug: not (keyword.iskeyword(slug) or keyword.issoftkeyword(slug)),
            "is a Python keyword; choose another name",
        ),
        (
            lambda slug: slug not in sys.stdlib_module_names,
            "is a standard-library module; choose another name",
        ),
        (
            lambda slug: slug not in TAKEN_NAMES | DEPENDENCIES,
            "is already used by the project or its dependencies; choose another name",
        ),
        (
            lambda slug: slug not in packages_distributions(),
            "is the name of an installed package; choose another name",
        ),
    ],
    "project_name": TEXT_RULES,
    "description": TEXT_RULES,
    "author_name": TEXT_RULES,
    "author_email": [(is_email, "must be a plain address such as ada@example.com")],
    "domain_name": [
        (
            lambda domain: not re.search(r"[/:]", domain),
            "must be the bare domain, such as example.com, without scheme, port or path",
        ),
        (is_host_name, "must be a lowercase host name such as example.com"),
    ],
    "time_zone": [
        (
            lambda zone: zone in zoneinfo.available_timezones(),
            "must be an IANA time zone name such as Europe/Lisbon",
        )
    ],
    "include_blog": [(lambda value: isinstance(value, bool), "must be yes or no")],
    "license": [(lambda name: name in LICENSES, f"must be one of {', '.join(LICENSES)}")],
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
