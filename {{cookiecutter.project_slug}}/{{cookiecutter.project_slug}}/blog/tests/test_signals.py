"""Tests of the signals: the home page's cached latest posts follow every change."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from {{ cookiecutter.project_slug }}.blog.models import Post

from .factories import make_comment, make_post

pytestmark = pytest.mark.django_db


def home_page(client):
    return client.get(reverse("core:home")).content.decode()


def test_the_latest_posts_really_are_cached(client):
    # Without this, the tests below would pass even if nothing were cached.
    post = make_post(title="Before")
    assert "Before" in home_page(client)

    # update() sends no signal, so the cached fragment is kept...
    Post.objects.filter(pk=post.pk).update(title="After")
    assert "Before" in home_page(client)

    # ...until the cache is emptied.
    cache.clear()
    assert "After" in home_page(client)


def test_a_published_post_shows_on_the_home_page_at_once(client):
    draft = make_post(draft=True, title="Hot off the press")
    assert "Hot off the press" not in home_page(client)

    draft.publish()

    assert "Hot off the press" in home_page(client)


def test_an_edited_title_shows_on_the_home_page_at_once(client):
    post = make_post(title="Typo in titel")
    assert "Typo in titel" in home_page(client)

    post.title = "Typo in title"
    post.save()

    assert "Typo in title" in home_page(client)


def test_a_deleted_post_leaves_the_home_page_at_once(client):
    post = make_post(title="Here today")
    assert "Here today" in home_page(client)

    post.delete()

    assert "Here today" not in home_page(client)


def test_comment_counts_on_the_home_page_follow_new_and_deleted_comments(client):
    post = make_post()
    assert "0 comments" in home_page(client)

    comment = make_comment(post=post)
    assert "1 comment" in home_page(client)

    comment.delete()
    assert "0 comments" in home_page(client)
