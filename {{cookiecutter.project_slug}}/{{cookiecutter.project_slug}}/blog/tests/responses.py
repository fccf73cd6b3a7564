"""What the blog's view tests read from a response."""

from django.contrib.messages import get_messages
from django.urls import reverse


def messages_of(response):
    """The messages the response's request left for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def login_url_for(url):
    """The log-in address that returns to ``url``."""
    return f"{reverse('account_login')}?next={url}"
