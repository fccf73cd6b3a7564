"""Signals: when a post, a comment or an author changes, forget the cached pages.

Anonymous visitors' whole pages (home, list, posts) and the home page's
"latest_posts" fragment (core/home.html) are kept under one generation, which
forget_cached_pages() replaces once the change is committed. Changes that send no
signal go through PostQuerySet and CommentQuerySet (models.py), which forget too.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from {{ cookiecutter.project_slug }}.core.caching import forget_cached_pages

from .models import Comment, Post

# Saving only these user fields changes nothing a page shows (logging in saves
# last_login): no reason to forget every page.
FIELDS_PAGES_DO_NOT_SHOW = frozenset({"last_login", "password"})


@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Comment)
def forget_pages_showing_posts(**kwargs):
    forget_cached_pages()


@receiver(post_save, sender=get_user_model())
def forget_pages_showing_authors(update_fields=None, **kwargs):
    # Posts and comments show their author's name. (Deleting a user deletes their
    # posts and comments, which sends the signals above.)
    if update_fields is None or not update_fields <= FIELDS_PAGES_DO_NOT_SHOW:
        forget_cached_pages()
