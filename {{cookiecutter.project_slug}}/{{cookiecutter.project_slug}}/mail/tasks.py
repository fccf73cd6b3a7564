"""Tasks: sending an e-mail, away from the request, at most once.

A view enqueues the mail and answers at once; the worker (`manage.py run_worker`)
talks to the mail server. A server that fails gets more tries, later; every try that
fails is recorded with its traceback in the task results (see the admin).

Once the server has accepted a mail, a Delivery says so before anything else
happens, waiting for the database if it is down: a task run again after that (its
worker stopped before recording its success) sends nothing. The README's
"Background work" says what is left: the moment between the server's yes and that
record.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

from {{ cookiecutter.project_slug }}.operations.outages import (
    until_the_database_answers,
)

from .models import Delivery

logger = logging.getLogger(__name__)


@task(takes_context=True)
def send_email(context, subject, message, recipient_list, attempt=1):
    """Send one plain-text mail from DEFAULT_FROM_EMAIL; retry if the server fails."""
    try:
        deliver_once(context, EmailMessage(subject, message, None, recipient_list))
    except OSError:  # smtplib's errors included
        retry_later(send_email, (subject, message, recipient_list), attempt, subject)
        raise


def deliver_once(context, message):
    """Send message, unless this task delivered it before; then record that it did.

    For every task that sends mail (this app's and others', such as the account
    mails the worker writes itself).
    """
    task_id = context.task_result.id
    if Delivery.objects.filter(task_id=task_id).exists():
        logger.warning("Not sending %r again: it was delivered before", message.subject)
        return
    message.send()
    until_the_database_answers(
        lambda: Delivery.objects.create(
            task_id=task_id, subject=message.subject, recipients=message.to
        ),
        "recording a delivered mail",
    )


def retry_later(mail_task, args, attempt, subject):
    """Queue mail_task(*args) again after the next of MAIL_RETRY_SECONDS, if any."""
    delays = settings.MAIL_RETRY_SECONDS
    if attempt > len(delays):
        logger.error("Gave up sending %r after %d tries", subject, attempt)
        return
    retry = mail_task
    if retry.get_backend().supports_defer:
        wait = timedelta(seconds=delays[attempt - 1])
        retry = retry.using(run_after=timezone.now() + wait)
    logger.warning("Sending %r failed; it will be tried again", subject)
    retry.enqueue(*args, attempt=attempt + 1)
