"""The questions asked about posts and comments, named once: the models' managers."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from {{ cookiecutter.project_slug }}.caching.querysets import (
    ShownOnPagesQuerySet,
)

if TYPE_CHECKING:
    # For the type checker only: models.py imports this module, which reaches the
    # models through self.model, or imports them when a method runs.
    from .models import Post


class PostQuerySet(ShownOnPagesQuerySet["Post"]):
    """Questions the views ask about posts, named once and reused everywhere."""

    def published(self):
        """Posts anyone may read: published, and not scheduled for later."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def by(self, user):
        """Posts written by ``user``."""
        return self.filter(author=user)

    def drafts(self):
        """Posts not yet published, which only their authors see."""
        return self.filter(status=self.model.Status.DRAFT)

    def with_comment_count(self):
        """Count each post's comments in the same query (``post.comment_count``)."""
        from .models import Comment  # at call time: models.py imports this module

        # A subquery counts the comments of the posts the query returns, and only
        # theirs; Count("comments") would join every post to its comments and group
        # them all (a million rows on a big blog) before picking a page of ten.
        counts = (
            Comment.objects.filter(post=models.OuterRef("pk"))
            .values("post")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        # A post without comments has no row to count: 0 instead of NULL.
        return self.annotate(comment_count=Coalesce(models.Subquery(counts), 0))

    def older_than(self, post: "Post"):
        """Published posts that follow ``post`` in the list, which runs newest first.

        ``post`` itself must be published.
        """
        # Published no later than the post, less the ties listed before it. Its date
        # is past, so published()'s "not after now" is left out: given two upper
        # bounds on the date, SQLite may seek the index from now and read every post
        # in between.
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__lte=post.published_at
        ).exclude(published_at=post.published_at, pk__gte=post.pk)

    def newer_than(self, post: "Post"):
        """Published posts that precede ``post`` in the list, nearest first."""
        return (
            self.published()
            .filter(published_at__gte=post.published_at)
            .exclude(published_at=post.published_at, pk__lte=post.pk)
            .reverse()
        )


class CommentQuerySet(ShownOnPagesQuerySet):
    pass
