"""App configuration for appgen: `manage.py startapp`, for development only."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppgenConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.appgen"
    verbose_name = _("App generator")
