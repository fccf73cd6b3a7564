"""App configuration for operations: health probes, request ids and logs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.operations"
    verbose_name = _("Operations")
