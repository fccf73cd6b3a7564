"""Tests of run_worker: db_worker that waits out database outages."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, OperationalError, connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from {{ cookiecutter.project_slug }}.mail.models import Delivery
from {{ cookiecutter.project_slug }}.mail.tasks import send_email
from {{ cookiecutter.project_slug }}.operations import outages
from {{ cookiecutter.project_slug }}.worker.models import Heartbeat
from {{ cookiecutter.project_slug }}.worker.runner import OutageProofWorker

from . import tasks

# Committed for real: on PostgreSQL, an error inside a test's wrapping transaction
# would abort it, and the worker's retries would meet that instead of the outage.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def waits(monkeypatch):
    """The back-off's sleeps, recorded instead of slept."""
    slept = []
    monkeypatch.setattr(outages.time, "sleep", slept.append)
    return slept


def work_the_queue(worker_id="node-1-worker"):
    call_command(
        "run_worker", "--batch", "--no-startup-delay", "--worker-id", worker_id
    )


def test_the_worker_sends_the_queued_mail_and_records_it(queue):
    result = send_email.enqueue("Hello", "A body.", ["ada@example.com"])

    work_the_queue()

    [message] = mail.outbox
    assert message.subject == "Hello"
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert Delivery.objects.get().task_id == result.id
    assert Heartbeat.objects.get().worker_id == "node-1-worker"


def test_a_task_that_meets_a_database_outage_is_queued_again(queue, waits, caplog):
    tasks.calls.clear()
    result = tasks.fails_once_for_the_database.enqueue("first")

    work_the_queue()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "first"
    assert tasks.calls == ["first", "first"]
    assert "met a database outage" in caplog.text
    # The worker waited before taking it again.
    assert waits[0] == outages.FIRST_DELAY


def test_a_task_that_fails_by_itself_is_recorded_as_failed(queue):
    result = tasks.fails.enqueue("bad input")

    work_the_queue()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ValueError"


def test_the_worker_waits_out_a_database_that_fails_then_comes_back(
    queue, waits, caplog, monkeypatch
):
    send_email.enqueue("Hello", "A body.", ["ada@example.com"])
    claim_next = OutageProofWorker.claim_next
    failures = iter(["database is locked", "the connection is closed"])

    def failing_then_working(worker):
        if message := next(failures, None):
            raise OperationalError(message)
        return claim_next(worker)

    monkeypatch.setattr(OutageProofWorker, "claim_next", failing_then_working)

    work_the_queue()

    assert len(mail.outbox) == 1
    # Doubled each time.
    assert waits == [outages.FIRST_DELAY, 2 * outages.FIRST_DELAY]
    assert caplog.text.count("Database unavailable while looking for a task") == 2
    assert "Database back: taking tasks again" in caplog.text


def test_the_tasks_a_worker_left_running_are_run_when_it_starts_again(queue):
    result = send_email.enqueue("Hello", "A body.", ["ada@example.com"])
    DBTaskResult.objects.get(pk=result.id).claim("node-1-worker")

    work_the_queue("node-1-worker")

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1


def test_recording_a_delivery_waits_for_the_database(queue, waits, monkeypatch):
    create = Delivery.objects.create
    failures = iter([OperationalError("database is locked")])

    def failing_once(**fields):
        if error := next(failures, None):
            raise error
        return create(**fields)

    monkeypatch.setattr(Delivery.objects, "create", failing_once)
    result = send_email.enqueue("Hello", "A body.", ["ada@example.com"])

    work_the_queue()

    # Sent once, recorded after one wait, and not turned into a retry.
    assert len(mail.outbox) == 1
    assert waits == [outages.FIRST_DELAY]
    assert Delivery.objects.get().task_id == result.id
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


# Outside a test's transaction, as the worker runs: the failed write breaks it.
@pytest.mark.django_db(transaction=True)
def test_a_return_value_json_cannot_hold_is_recorded_as_a_failure(queue):
    result = tasks.returns_what_json_cannot_hold.enqueue()

    work_the_queue()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.TypeError"


def test_max_tasks_stops_the_worker_after_that_many(queue):
    first = send_email.enqueue("First", "A body.", ["ada@example.com"])
    second = send_email.enqueue("Second", "A body.", ["ada@example.com"])

    call_command("run_worker", "--max-tasks", "1", "--no-startup-delay")

    statuses = {
        row.pk: row.status
        for row in DBTaskResult.objects.filter(pk__in=[first.id, second.id])
    }
    assert sorted(statuses.values()) == ["READY", "SUCCESSFUL"]


@pytest.mark.django_db(transaction=True)
def test_a_database_never_migrated_stops_the_worker_with_the_error(queue, waits):
    with connection.schema_editor() as editor:
        editor.delete_model(Heartbeat)
    try:
        # Not an outage: waiting would not create the table.
        # SQLite's "no such table", PostgreSQL's "relation ... does not exist".
        with pytest.raises(DatabaseError, match=Heartbeat._meta.db_table):
            work_the_queue()
    finally:
        with connection.schema_editor() as editor:
            editor.create_model(Heartbeat)

    assert waits == []
