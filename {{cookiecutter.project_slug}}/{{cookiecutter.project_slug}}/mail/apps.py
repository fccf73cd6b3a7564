"""App configuration for mail: e-mail sent by the task worker, with retries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.mail"
    verbose_name = _("Mail")
