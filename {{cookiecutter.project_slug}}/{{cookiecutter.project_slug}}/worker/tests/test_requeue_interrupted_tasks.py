"""Tests of requeue_interrupted_tasks: a dead worker's running tasks go back in the queue."""

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from {{ cookiecutter.project_slug }}.mail.tasks import send_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def claimed_by(worker_id):
    result = send_email.enqueue("Hello", "A body.", ["ada@example.com"])
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(worker_id)
    return row


def test_only_the_named_worker_s_running_tasks_are_queued_again(queue, capsys):
    dead = claimed_by("node-1-worker")
    alive = claimed_by("node-2-worker")

    call_command("requeue_interrupted_tasks", "node-1-worker")

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == TaskResultStatus.READY
    assert alive.status == TaskResultStatus.RUNNING
    assert "Queued again 1 task(s)" in capsys.readouterr().out
    # The worker takes it again.
    assert DBTaskResult.objects.ready().get() == dead


def test_finished_tasks_stay_finished(queue):
    row = claimed_by("node-1-worker")
    row.set_successful(None)

    call_command("requeue_interrupted_tasks", "node-1-worker")

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
