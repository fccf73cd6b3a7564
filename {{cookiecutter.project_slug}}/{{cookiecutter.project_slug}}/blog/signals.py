"""Signals: drop the home page's cached latest posts when a post or comment changes."""

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Comment, Post


@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Comment)
def forget_latest_posts(**kwargs):
    # core/home.html caches the "latest_posts" fragment for an hour; deleting it
    # makes the next visit render it afresh.
    cache.delete(make_template_fragment_key("latest_posts"))
