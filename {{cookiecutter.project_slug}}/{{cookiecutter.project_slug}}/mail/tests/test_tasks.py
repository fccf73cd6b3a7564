"""Tests of the shared mail task: sent once, retried when the server fails."""

import pytest
from django.core import mail
from django.tasks import TaskContext, TaskResultStatus, default_task_backend
from django.utils import timezone

from {{ cookiecutter.project_slug }}.mail.models import Delivery
from {{ cookiecutter.project_slug }}.mail.tasks import send_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_mail_server(settings):
    """A mailer whose server refuses every connection: nothing listens on port 9."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }


def test_the_task_sends_the_mail():
    result = send_email.enqueue("Hello", "A body.", ["ada@example.com"])

    assert result.status == TaskResultStatus.SUCCESSFUL
    [message] = mail.outbox
    assert (message.subject, message.body, message.to) == (
        "Hello",
        "A body.",
        ["ada@example.com"],
    )
    delivery = Delivery.objects.get()
    assert (delivery.task_id, delivery.recipients) == (result.id, ["ada@example.com"])


def test_a_task_run_again_after_its_mail_was_delivered_sends_nothing(settings, caplog):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    queued = send_email.enqueue("Hello", "A body.", ["ada@example.com"])
    context = TaskContext(task_result=queued)

    # The worker stopped after sending, before recording its success: queued
    # again, the same task runs a second time.
    send_email.call(context, "Hello", "A body.", ["ada@example.com"])
    send_email.call(context, "Hello", "A body.", ["ada@example.com"])

    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1
    assert "Not sending 'Hello' again: it was delivered before" in caplog.text


def test_a_failing_server_gets_each_retry_then_the_failure_is_recorded(
    failing_mail_server, settings, caplog
):
    settings.MAIL_RETRY_SECONDS = [1, 1]

    # The immediate backend runs each retry at once, inside the failed try.
    result = send_email.enqueue("Hello", "A body.", ["ada@example.com"])

    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "builtins.ConnectionRefusedError"
    assert not Delivery.objects.exists()
    assert caplog.text.count("it will be tried again") == 2
    assert "Gave up sending 'Hello' after 3 tries" in caplog.text


def test_a_retry_waits_when_the_backend_can_wait(failing_mail_server, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    settings.MAIL_RETRY_SECONDS = [60]
    queued = send_email.enqueue("Hello", "A body.", ["ada@example.com"])

    with pytest.raises(ConnectionRefusedError):
        send_email.call(
            TaskContext(task_result=queued), "Hello", "A body.", ["ada@example.com"]
        )

    _, retry = default_task_backend.results
    assert retry.kwargs == {"attempt": 2}
    wait = (retry.task.run_after - timezone.now()).total_seconds()
    assert 50 < wait <= 60
