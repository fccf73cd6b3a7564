"""Test data: users with a known password and, by default, a confirmed address."""

from itertools import count

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-staple"

user_numbers = count(1)


def make_user(*, verified=True, **fields):
    """Save and return a user who logs in with PASSWORD: user1, user2... by default,
    at user1@example.com, confirmed unless verified is False."""
    fields.setdefault("username", f"user{next(user_numbers)}")
    fields.setdefault("email", f"{fields['username']}@example.com")
    user = get_user_model().objects.create_user(password=PASSWORD, **fields)
    EmailAddress.objects.create(
        user=user, email=user.email, primary=True, verified=verified
    )
    return user
