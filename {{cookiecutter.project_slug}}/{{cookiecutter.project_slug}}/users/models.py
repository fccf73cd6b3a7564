"""Users model: the site's user account (the M in MVT).

A custom user model from day one, so fields can be added later without the
painful switch Django's docs warn about.
"""

from allauth.account.models import EmailAddress
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


class SignUp(models.Model):
    """A sign-up the worker has yet to complete (users/tasks.py), with the password
    already hashed: the request never learns whether the address has an account."""

    username = models.CharField(_("username"), max_length=150)
    email = models.EmailField(_("email address"))
    password = models.CharField(_("password"), max_length=128)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")

    def __str__(self):
        return self.username

    def make_account(self):
        """Make the account, and return its address, not yet confirmed; or None when
        the address, in any case, belongs to an account already.

        Raises IntegrityError when the user name was taken since the form checked it.
        """
        email_taken = EmailAddress.objects.filter(email__iexact=self.email).exists()
        if email_taken or User.objects.filter(email__iexact=self.email).exists():
            return None
        user = User(username=self.username, email=self.email, password=self.password)
        user.save()
        return EmailAddress.objects.create(
            user=user, email=self.email, primary=True, verified=False
        )
