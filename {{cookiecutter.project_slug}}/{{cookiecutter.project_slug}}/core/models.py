"""Core models: building blocks shared by the other apps' models (the M in MVT)."""

from django.db import models


class TimeStampedModel(models.Model):
    """Records when each row was created and last changed."""

    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
