"""Account mails: written by the worker when they carry a link, by the request if not.

allauth writes each mail in the request that asks for it. Those with a live link in
them (confirm an address, choose a password) and those whose writing would take a
request longer for an address that has an account are queued instead (tasks.py) and
written in the worker, inside writing_in_worker(). The others (a password was
changed, a second factor added) hold nothing secret and go through the shared mail
task like any other mail.
"""

import contextlib
import contextvars
from urllib.parse import urlsplit

from allauth.core.context import request_context
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation

from {{ cookiecutter.project_slug }}.mail.tasks import retry_later

# The task writing account mails in this worker, while it does.
_writing_task = contextvars.ContextVar("writing_task", default=None)


def writing_task():
    """The context of the task writing account mails now, or None in a request."""
    return _writing_task.get()


class SiteRequest(HttpRequest):
    """A request for SITE_URL, which the worker builds the mails' links from.

    Never from a visitor's Host header: a client reaching the server directly
    chooses it, and the link, with its token, would lead to them.
    """

    def __init__(self):
        super().__init__()
        self.site_url = urlsplit(settings.SITE_URL)
        self.user = AnonymousUser()

    def _get_scheme(self):
        return self.site_url.scheme

    def get_host(self):
        return self.site_url.netloc


@contextlib.contextmanager
def writing_in_worker(context, language, retry):
    """Write and send account mails now, in language, as the task's own mail.

    retry is (task, args, attempt): what to queue again if the mail server fails,
    so that the next try makes its link afresh.
    """
    request = SiteRequest()
    writing = _writing_task.set(context)
    try:
        with translation.override(language), request_context(request):
            yield request
    except OSError:  # the mail server failed; smtplib's errors included
        mail_task, args, attempt = retry
        retry_later(mail_task, args, attempt, mail_task.name)
        raise
    finally:
        _writing_task.reset(writing)
