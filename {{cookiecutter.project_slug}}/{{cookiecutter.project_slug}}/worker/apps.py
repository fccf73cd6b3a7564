"""App configuration for worker: the commands that keep the task worker healthy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.worker"
    verbose_name = _("Task worker")
