"""Tests of the logging settings: each line is written once, in every environment."""

import logging

import pytest
from django.conf import settings as django_settings
from django.utils.log import configure_logging


@pytest.fixture
def debugging(settings):
    """The logging configured as under the development server, restored after."""
    settings.DEBUG = True
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    yield
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)


def handlers_writing(logger, record):
    """The handlers that would write the record, as logging walks up to the root
    (pytest's own, which capture the tests' logs, left out)."""
    writing = []
    while logger:
        writing += [
            handler
            for handler in logger.handlers
            if record.levelno >= handler.level and handler.filter(record)
            if not type(handler).__module__.startswith("_pytest")
        ]
        logger = logger.parent if logger.propagate else None
    return writing


@pytest.mark.usefixtures("debugging")
def test_a_django_log_line_is_written_once_while_debugging():
    logger = logging.getLogger("django.request")
    record = logger.makeRecord(
        logger.name, logging.WARNING, __file__, 1, "Not Found: %s", ("/",), None
    )

    assert len(handlers_writing(logger, record)) == 1
