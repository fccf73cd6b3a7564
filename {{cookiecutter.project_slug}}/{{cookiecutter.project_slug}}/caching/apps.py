"""App configuration for caching: cached pages and fragments, forgotten on change."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.caching"
    verbose_name = _("Caching")
