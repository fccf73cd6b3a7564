"""Signals: when a post or comment changes, forget the cached pages that show it."""

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from {{ cookiecutter.project_slug }}.core.caching import forget_cached_pages

from .models import Comment, Post


@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Comment)
def forget_pages_showing_posts(**kwargs):
    # Anonymous visitors' whole pages (home, list, posts) and, for signed-in users,
    # the home page's "latest_posts" fragment in core/home.html.
    forget_cached_pages()
    cache.delete(make_template_fragment_key("latest_posts"))
