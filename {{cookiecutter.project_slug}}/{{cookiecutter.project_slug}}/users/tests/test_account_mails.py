"""Tests of the account mails the worker writes: the queue holds whom to write to,
never a link; a failed try is queued again the same way, and makes a fresh link."""

import json
import logging

import pytest
from django.core import mail
from django.tasks import TaskContext, default_task_backend
from django.urls import reverse

from {{ cookiecutter.project_slug }}.operations import middleware

from ..tasks import send_password_reset
from .factories import PASSWORD, make_user
from .mails import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_only(settings):
    """A task backend that keeps tasks without running them."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    default_task_backend.clear()


def run_queued():
    """Run each queued task as a worker would; return their arguments, as stored."""
    stored = []
    for queued in list(default_task_backend.results):
        stored.append(json.dumps([queued.args, queued.kwargs]))
        queued.task.call(TaskContext(task_result=queued), *queued.args, **queued.kwargs)
    return stored


def sign_up(client):
    client.post(
        reverse("account_signup"),
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def test_no_link_is_ever_queued_for_a_reset_or_a_confirmation(client, queue_only):
    user = make_user()
    client.post(reverse("account_reset_password"), {"email": user.email})
    sign_up(client)

    stored = run_queued()

    links = [link_in(message) for message in mail.outbox]
    assert len(links) == 2
    for link in links:
        secret = link.rstrip("/").rsplit("/", 1)[-1]
        assert not any(secret in arguments for arguments in stored)


def test_a_failed_send_is_queued_again_without_a_link(queue_only, settings):
    user = make_user()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    queued = send_password_reset.enqueue(user.email, "en")

    with pytest.raises(ConnectionRefusedError):
        send_password_reset.call(TaskContext(task_result=queued), user.email, "en")

    retry = default_task_backend.results[-1]
    assert (retry.args, retry.kwargs) == ([user.email, "en"], {"attempt": 2})
    assert not mail.outbox


def test_the_request_log_never_holds_a_links_token(client, caplog):
    user = make_user()
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset = link_in(mail.outbox[-1])
    sign_up(client)
    confirm = link_in(mail.outbox[-1])

    with caplog.at_level(logging.INFO, logger=middleware.__name__):
        client.get(reset, follow=True)
        client.get(confirm)
        client.post(confirm)

    logged = [record.getMessage() for record in caplog.records]
    assert sum("[secret]" in line for line in logged) >= 3
    for link in (reset, confirm):
        secret = link.rstrip("/").rsplit("/", 1)[-1]
        assert not any(secret in line for line in logged)
