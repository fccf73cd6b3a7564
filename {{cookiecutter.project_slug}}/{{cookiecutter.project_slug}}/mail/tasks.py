"""Tasks: sending an e-mail, away from the request.

A view enqueues the mail and answers at once; the worker (`manage.py db_worker`) talks
to the mail server. A server that fails gets more tries, later; every try that fails
is recorded with its traceback in the task results (see the admin).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


@task
def send_email(subject, message, recipient_list, attempt=1):
    """Send one plain-text mail from DEFAULT_FROM_EMAIL; retry if the server fails."""
    try:
        send_mail(subject, message, None, recipient_list)
    except OSError:  # smtplib's errors included
        delays = settings.MAIL_RETRY_SECONDS
        if attempt > len(delays):
            logger.error("Gave up sending %r after %d tries", subject, attempt)
            raise
        retry = send_email
        if retry.get_backend().supports_defer:
            wait = timedelta(seconds=delays[attempt - 1])
            retry = retry.using(run_after=timezone.now() + wait)
        logger.warning("Sending %r failed; it will be tried again", subject)
        retry.enqueue(subject, message, recipient_list, attempt=attempt + 1)
        raise
