"""Forms: allauth's sign-up and reset forms, made to take the same time for any address."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm, SignupForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import get_language

from .tasks import send_password_reset


class SignUpForm(SignupForm):
    """allauth's sign-up form, as slow for an address that has an account.

    A new account costs a password hash, slow on purpose; an address already taken
    gets only a mail telling its owner. Hashing the password then too keeps the time
    from telling the two apart.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The first thing to type, as on the log-in page.
        self.fields["username"].widget.attrs["autofocus"] = True

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class QueuedResetPasswordForm(ResetPasswordForm):
    """allauth's reset form, which leaves finding the account to the worker.

    The page answers in the same time whether or not the address has an account:
    the worker looks it up and writes the mail (tasks.send_password_reset).
    """

    def clean_email(self):
        self.users = []  # looked up by the worker, never here
        return get_adapter().clean_email(self.cleaned_data["email"].lower())

    def save(self, request, **kwargs):
        email = self.cleaned_data["email"]
        send_password_reset.enqueue(email, get_language())
        return email
