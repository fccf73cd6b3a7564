"""App configuration for languages: the language an address names, and its links."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.languages"
    verbose_name = _("Languages")
