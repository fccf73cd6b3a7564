"""Tasks: new accounts and the account mails that carry a link, done by the worker.

The request queues only whom to write to (the address typed, an address's id, a
sign-up) and answers; the worker finds the account, makes the link, writes the mail
and sends it. So no live token ever stands in a task's arguments or result (which
the admin shows and backups keep), and the page takes the same time whether or not
the address belongs to an account.
"""

import logging

from allauth.account.adapter import get_adapter

# allauth's own steps of its reset form, run here instead (pinned to its 65.22).
from allauth.account.internal.flows.password_reset import request_password_reset
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.db import IntegrityError, transaction
from django.tasks import task

from .mail import writing_in_worker
from .models import SignUp

logger = logging.getLogger(__name__)


@task(takes_context=True)
def send_password_reset(context, email, language, attempt=1):
    """Mail each active account of email a reset link, or say that there is none."""
    retry = (send_password_reset, (email, language), attempt)
    with writing_in_worker(context, language, retry) as request:
        users = filter_users_by_email(
            email, is_active=True, prefer_verified=True, for_login=True
        )
        # None: allauth's own token generator, which its link page checks.
        request_password_reset(request, email, users, token_generator=None)


@task(takes_context=True)
def send_confirmation(context, address_id, signup, language, attempt=1):
    """Mail the link that confirms an e-mail address (signup: a new account's)."""
    address = EmailAddress.objects.filter(pk=address_id, verified=False).first()
    if address is None:
        return  # confirmed, or removed, since
    retry = (send_confirmation, (address_id, signup, language), attempt)
    with writing_in_worker(context, language, retry) as request:
        EmailConfirmationHMAC(address).send(request, signup=signup)


@task(takes_context=True)
def complete_sign_up(context, sign_up_id, language, attempt=1):
    """Make the account a sign-up asked for and mail the link that confirms its
    address; or, when the address has an account, tell its owner instead."""
    retry = (complete_sign_up, (sign_up_id, language), attempt)
    with writing_in_worker(context, language, retry) as request:
        with transaction.atomic():
            sign_up = SignUp.objects.select_for_update().filter(pk=sign_up_id).first()
            if sign_up is None:
                return  # completed by an earlier try
            try:
                with transaction.atomic():
                    address = sign_up.make_account()
            except IntegrityError:
                # Two sign-ups chose one new name at the same moment: the first has it.
                logger.warning("Sign-up %r dropped: its user name was taken", sign_up)
                address = False
            sign_up.delete()
        if address is None:
            get_adapter().send_account_already_exists_mail(sign_up.email)
        elif address:
            EmailConfirmationHMAC(address).send(request, signup=True)
