"""Querysets whose bulk writes forget the cached pages, as saves and deletes do."""

from django.db import models

from .generation import forget_cached_pages


class ShownOnPagesQuerySet[M: models.Model](models.QuerySet[M]):
    """For the models whose rows pages show: bulk writes forget the cached pages.

    They send no signal, unlike saving or deleting one object (signals.py). Each
    forgets after writing: outside a transaction forget_cached_pages() acts at once,
    and a page rendered in between would be kept with the old rows.
    """

    def update(self, **kwargs):
        updated = super().update(**kwargs)
        forget_cached_pages()
        return updated

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        forget_cached_pages()
        return created

    def bulk_update(self, *args, **kwargs):
        updated = super().bulk_update(*args, **kwargs)
        forget_cached_pages()
        return updated
