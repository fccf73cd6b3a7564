"""Forms: sign-up for the custom user model, and the password-reset request."""

from urllib.parse import urlsplit

from django.conf import settings
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

    def save(self, *args, **kwargs):
        # The link leads to SITE_URL. Django would build it from the request's Host
        # header, which a client reaching gunicorn directly chooses (its own port, or
        # host): the token would then go to them.
        site = urlsplit(settings.SITE_URL)
        kwargs |= {"domain_override": site.netloc, "use_https": site.scheme == "https"}
        super().save(*args, **kwargs)

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
