"""A member's own data, gathered for them to download.

Each app that keeps something about a member registers what it keeps with
@collects, so this app never imports the others.
"""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress

collectors: dict[str, Callable[[Any], Any]] = {}


def collects(section):
    """Register a function of a user that returns their data in one app."""

    def register(collect):
        collectors[section] = collect
        return collect

    return register


def personal_data(user):
    """Everything the site keeps about user, as JSON-ready values."""
    account = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user)
        ],
    }
    return {"account": account} | {
        section: collect(user) for section, collect in collectors.items()
    }
