"""Tasks the worker's tests run."""

from django.db import OperationalError
from django.tasks import task

calls: list[str] = []


@task
def fails_once_for_the_database(name):
    """Meets a database outage the first time it runs, then works."""
    calls.append(name)
    if len(calls) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return name


@task
def fails(name):
    raise ValueError(name)


@task
def returns_what_json_cannot_hold():
    return object()
