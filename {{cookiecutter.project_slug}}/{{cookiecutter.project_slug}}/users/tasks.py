"""Tasks: the account mails that carry a link, written by the worker.

The request queues only whom to write to (the address typed, or an address's id)
and answers; the worker finds the account, makes the link, writes the mail and sends
it. So no live token ever stands in a task's arguments or result (which the admin
shows and backups keep), and the page takes the same time whether or not the address
belongs to an account.
"""

from allauth.account.adapter import get_adapter

# allauth's own steps of its reset form, run here instead (pinned to its 65.22).
from allauth.account.internal.flows.password_reset import request_password_reset
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.tasks import task

from .mail import writing_in_worker


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
def send_account_exists(context, email, language, attempt=1):
    """Tell the owner of email that someone tried to sign up with it."""
    retry = (send_account_exists, (email, language), attempt)
    with writing_in_worker(context, language, retry):
        get_adapter().send_account_already_exists_mail(email)
