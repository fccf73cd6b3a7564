"""Forms: sign-up for the custom user model, and the password-reset request."""

from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.template import loader

from {{ cookiecutter.project_slug }}.mail.tasks import send_email

from .models import User


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the mail queued for the worker instead of sent.

    The page answers at once, without waiting for the mail server; and as a queued
    mail costs about as little as none, its speed hardly tells whether the address
    belongs to an account.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # A header holds one line.
        subject = "".join(
            loader.render_to_string(subject_template_name, context).splitlines()
        )
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject, body, [to_email])
