"""App configuration for backups: the site's database and media in one archive."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.backups"
    verbose_name = _("Backups")
