"""Users model: the site's user account (the M in MVT).

A custom user model from day one, so fields can be added later without the
painful switch Django's docs warn about.
"""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person with an account on the site."""
