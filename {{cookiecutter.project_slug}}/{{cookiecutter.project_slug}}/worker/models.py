"""Worker models: each worker's last sign of life, for the stalled-queue report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """When a worker (by its --worker-id) last looked for work."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.worker_id
