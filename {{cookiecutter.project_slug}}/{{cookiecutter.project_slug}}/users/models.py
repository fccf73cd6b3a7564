"""Users model: the site's user account (the M in MVT).

A custom user model from day one, so fields can be added later without the
painful switch Django's docs warn about.
"""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account on the site."""

    # User names are kept to a safe set: unaccented Latin letters, digits and
    # @ . + - _ (Django's ASCIIUsernameValidator). Letters of other scripts can look
    # exactly like Latin ones: "admin" spelt with a Cyrillic first letter (U+0430)
    # would pass for the Latin one.
    # Names that differ only in case are refused at sign-up (UserCreationForm).
    # AbstractUser's field, with that validator (Django's own texts, which Django
    # translates).
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_(
            "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."
        ),
        validators=[ASCIIUsernameValidator()],
        error_messages={"unique": _("A user with that username already exists.")},
    )
