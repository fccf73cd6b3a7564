"""App configuration for worker: the task worker that outlives outages, and its queue."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.worker"
    verbose_name = _("Task worker")

    def ready(self):
        from {{ cookiecutter.project_slug }}.operations import health

        from .queue import stalled_queue

        # /readyz names a stalled queue: the site still serves, but its mail waits.
        health.degraded_checks.append(stalled_queue)
