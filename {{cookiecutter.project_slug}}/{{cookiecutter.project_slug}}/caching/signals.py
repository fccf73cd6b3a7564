"""Saves and deletes that forget the cached pages: each app names the models it shows."""

from django.db.models.signals import post_delete, post_save

from .generation import forget_cached_pages


def forget_pages_when_changed(*models, unless_only=frozenset()):
    """Forget every cached page and fragment when one of ``models`` is saved or
    deleted, as the change commits; call it from an AppConfig's ready().

    A model is a class or an "app_label.ModelName" string (settings.AUTH_USER_MODEL).
    A save of ``unless_only`` fields and nothing else forgets nothing: logging in
    saves last_login, which no page shows.
    """
    for model in models:
        post_save.connect(_PageForgetter(unless_only), sender=model, weak=False)
        post_delete.connect(_forget, sender=model, weak=False)


class _PageForgetter:
    def __init__(self, unless_only):
        self.unless_only = frozenset(unless_only)

    def __call__(self, update_fields=None, **kwargs):
        if update_fields is None or not update_fields <= self.unless_only:
            forget_cached_pages()


def _forget(**kwargs):
    forget_cached_pages()
