"""Forms: allauth's sign-up and reset forms, which take the same time for any address."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm, SignupForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import get_language

from .models import SignUp
from .tasks import complete_sign_up, send_password_reset


class SignUpForm(SignupForm):
    """allauth's sign-up form, which leaves the address's look-up to the worker.

    The request checks what was typed, hashes the password (slow on purpose) and
    queues the rest: the worker makes the account, or tells the address's owner that
    it has one (tasks.complete_sign_up). Either way the page and its time are the same.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The first thing to type, as on the log-in page.
        self.fields["username"].widget.attrs["autofocus"] = True

    def validate_unique_email(self, value):
        self.account_already_exists = False  # the worker finds out
        return value

    def try_save(self, request):
        sign_up = SignUp.objects.create(
            username=self.cleaned_data["username"],
            email=self.cleaned_data["email"],
            password=make_password(self.cleaned_data["password1"]),
        )
        complete_sign_up.enqueue(sign_up.pk, get_language())
        return None, get_adapter().respond_email_verification_sent(request, None)


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
