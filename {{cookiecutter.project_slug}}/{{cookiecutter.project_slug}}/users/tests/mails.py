"""Reading the mails the tests' site sent: their links, as paths on the site."""

import re

from django.core import mail


def link_in(message):
    """The path of the first link to the site in a mail."""
    return re.search(r"https?://[^/\s]+(/\S+)", message.body)[1]


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]
