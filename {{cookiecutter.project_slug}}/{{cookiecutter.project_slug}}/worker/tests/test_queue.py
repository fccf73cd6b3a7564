"""Tests of the queue report: heartbeats, the oldest waiting task, a stalled queue."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from {{ cookiecutter.project_slug }}.mail.tasks import send_email
from {{ cookiecutter.project_slug }}.worker import queue as worker_queue
from {{ cookiecutter.project_slug }}.worker.models import Heartbeat
from {{ cookiecutter.project_slug }}.worker.queue import queue_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_QUEUE_STALLED_SECONDS = 300


def waiting_since(seconds):
    result = send_email.enqueue("Hello", "A body.", ["ada@example.com"])
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_task_waiting_a_little_is_not_a_stall(queue, client, capsys):
    waiting_since(10)
    Heartbeat.objects.create(worker_id="node-1-worker", seen_at=timezone.now())

    state = queue_state()

    assert state.waiting == 1
    assert 9 < state.oldest_wait.total_seconds() < 20
    assert not state.stalled
    call_command("task_queue_status")
    out = capsys.readouterr().out
    assert "Tasks waiting: 1" in out
    assert "Worker node-1-worker: last seen 0 s ago" in out
    assert client.get(reverse("operations:readyz")).text == "ok"


def test_a_task_waiting_past_the_limit_is_reported_as_a_stall(queue, client):
    waiting_since(400)
    Heartbeat.objects.create(
        worker_id="node-1-worker", seen_at=timezone.now() - timedelta(seconds=390)
    )

    with pytest.raises(CommandError, match="Stalled: 1 task"):
        call_command("task_queue_status")
    response = client.get(reverse("operations:readyz"))
    # The site still serves: degraded, not out of service.
    assert response.status_code == 200
    assert response.text.startswith("degraded: task queue stalled (1 task(s) waiting")
    assert "worker node-1-worker last seen 390 s ago" in response.text


def test_a_deferred_task_waits_from_its_run_after(queue):
    send_email.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(
        "Later", "A body.", ["ada@example.com"]
    )

    assert queue_state().oldest_wait is None
    assert not queue_state().stalled


def test_finished_tasks_do_not_count(queue):
    waiting_since(400)
    DBTaskResult.objects.update(status="SUCCESSFUL")

    assert queue_state().waiting == 0
    assert not queue_state().stalled


def test_a_queue_check_that_fails_is_named_in_readyz(queue, client, monkeypatch):
    def broken():
        raise RuntimeError("no answer")

    monkeypatch.setattr(worker_queue, "queue_state", broken)

    response = client.get(reverse("operations:readyz"))

    assert response.status_code == 200
    assert response.text == "degraded: stalled_queue (the check failed)"
