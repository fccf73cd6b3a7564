"""Test data: users with a known password."""

from itertools import count

from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-staple"

user_numbers = count(1)


def make_user(**fields):
    """Save and return a user who logs in with PASSWORD: user1, user2... by default."""
    fields.setdefault("username", f"user{next(user_numbers)}")
    fields.setdefault("email", f"{fields['username']}@example.com")
    return get_user_model().objects.create_user(password=PASSWORD, **fields)
