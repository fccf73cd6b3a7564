"""Tests of the blog's querysets: which posts each question returns, in what order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ..models import Post
from .factories import make_comments, make_post, make_posts

pytestmark = pytest.mark.django_db


def test_published_leaves_out_drafts_and_scheduled_posts():
    published = make_post()
    make_post(draft=True)
    make_post(published_at=timezone.now() + timedelta(days=1))

    assert list(Post.objects.published()) == [published]


def test_by_returns_only_that_authors_posts(user):
    own = make_post(author=user, draft=True)
    make_post()

    assert list(Post.objects.by(user)) == [own]


def test_drafts_leaves_out_published_and_scheduled_posts():
    draft = make_post(draft=True)
    make_post()
    make_post(published_at=timezone.now() + timedelta(days=1))

    assert list(Post.objects.drafts()) == [draft]


def test_with_comment_count_counts_each_posts_comments():
    commented = make_post()
    make_comments(3, post=commented)
    uncommented = make_post()

    counts = {post: post.comment_count for post in Post.objects.with_comment_count()}

    assert counts == {commented: 3, uncommented: 0}


def test_posts_are_listed_newest_first():
    now = timezone.now()
    old = make_post(published_at=now - timedelta(days=2))
    new = make_post(published_at=now - timedelta(hours=1))
    middle = make_post(published_at=now - timedelta(days=1))

    assert list(Post.objects.published()) == [new, middle, old]
    assert list(Post.objects.with_comment_count()) == [new, middle, old]


def test_older_and_newer_than_a_post_skip_none_and_repeat_none():
    # Posts published at the same moment are ordered by id: paging from any of
    # them must still reach each other post once.
    now = timezone.now()
    newest = make_post(published_at=now)
    same_time = make_posts(3, published_at=now - timedelta(hours=1))
    oldest = make_post(published_at=now - timedelta(days=1))
    # Dated, but not in the list: unpublished again, or scheduled.
    make_post(draft=True, published_at=now - timedelta(hours=2))
    make_post(published_at=now + timedelta(days=1))
    listed = list(Post.objects.published())
    assert listed == [newest, *reversed(same_time), oldest]

    for position, post in enumerate(listed):
        assert list(Post.objects.older_than(post)) == listed[position + 1 :]
        # Nearest first, as the page above this one reads them backwards.
        assert list(Post.objects.newer_than(post)) == listed[:position][::-1]
