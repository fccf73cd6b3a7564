"""Mail models: which queued mails the mail server has accepted."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """A mail the server accepted, by the id of the task that sent it.

    Written as soon as the server says yes: a task queued again after that (its
    worker stopped before it could record its success) finds it and sends nothing.
    """

    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    subject = models.TextField(_("subject"))
    recipients = models.JSONField(_("recipients"))
    delivered_at = models.DateTimeField(_("delivered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return self.subject
