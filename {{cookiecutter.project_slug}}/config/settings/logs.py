"""Logging: one line a record on stdout, stamped with the id of the request served.

base.py imports LOGGING from here; production.py swaps the plain text for one JSON
object a line.
"""

from typing import Any

import environ

env = environ.Env()

# Typed loosely: production.py adds to the nested dicts.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "{{ cookiecutter.project_slug }}.operations.request_id.RequestIdFilter",
        },
    },
    "formatters": {"text": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Django's default configuration gives its logger a console handler of its own
    # while DEBUG is on; without one here, each line would be written by both.
    "loggers": {"django": {"handlers": []}},
}
