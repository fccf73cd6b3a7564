"""Tests of what forgets the cached pages: the home page's latest posts follow every change."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from {{ cookiecutter.project_slug }}.blog.models import Comment, Post

from .factories import (
    make_comment,
    make_post,
    make_posts,
    retitle_behind_djangos_back,
)

# Committed for real: the cached pages are forgotten when a change commits.
pytestmark = pytest.mark.django_db(transaction=True)


def home_page(client):
    return client.get(reverse("core:home")).content.decode()


def test_the_latest_posts_really_are_cached(client):
    # Without this, the tests below would pass even if nothing were cached.
    post = make_post(title="Before")
    assert "Before" in home_page(client)

    # A change in SQL forgets nothing, so the cached page is kept...
    retitle_behind_djangos_back(post, "After")
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


def test_a_deleted_post_leaves_a_signed_in_users_home_page_at_once(client, user):
    # Signed-in users get the page rendered, with the cached fragment in it.
    client.force_login(user)
    post = make_post(title="Here today")
    assert "Here today" in home_page(client)

    post.delete()

    assert "Here today" not in home_page(client)


def test_a_signed_in_readers_list_and_comments_follow_changes_at_once(client, user):
    # Their pages are rendered for them, with the list and the comments kept.
    client.force_login(user)
    post = make_post(title="First title")
    list_page = reverse("blog:post_list")
    assert "First title" in client.get(list_page).content.decode()
    assert "Comments (0)" in client.get(post.get_absolute_url()).content.decode()

    post.title = "Second title"
    post.save()
    make_comment(post=post)

    assert "Second title" in client.get(list_page).content.decode()
    assert "Comments (1)" in client.get(post.get_absolute_url()).content.decode()


def test_pages_are_forgotten_when_the_change_commits_not_before(client):
    post = make_post(title="Old title")
    assert "Old title" in home_page(client)

    with transaction.atomic():
        post.title = "New title"
        post.save()
        # Another request now would read the old rows: a page it cached under a new
        # generation would outlive the commit. The generation is still the old one.
        generation = cache.get("anonymous-pages:generation")
        assert generation is not None
    assert cache.get("anonymous-pages:generation") != generation
    assert "New title" in home_page(client)


def test_an_author_who_renames_themselves_shows_under_the_new_name(client):
    post = make_post()
    assert post.author.username in home_page(client)

    post.author.username = "new-name"
    post.author.save()

    assert "new-name" in home_page(client)


def test_logging_in_forgets_no_page(client):
    post = make_post()
    home_page(client)
    generation = cache.get("anonymous-pages:generation")

    post.author.last_login = timezone.now()
    post.author.save(update_fields=["last_login"])

    assert cache.get("anonymous-pages:generation") == generation


def test_bulk_changes_through_the_querysets_show_at_once(client):
    post = make_post(title="Before")
    make_comment(post=post)
    assert "Before" in home_page(client)

    Post.objects.filter(pk=post.pk).update(title="After")
    assert "After" in home_page(client)

    Comment.objects.filter(post=post).delete()
    assert "0 comments" in home_page(client)

    [other] = make_posts(1)
    Comment.objects.bulk_create([Comment(post=other, author=other.author, body="Hi")])
    assert "1 comment" in home_page(client)

    other.title = "Renamed in bulk"
    Post.objects.bulk_update([other], ["title"])
    assert "Renamed in bulk" in home_page(client)


def test_admin_bulk_delete_shows_at_once(admin_client):
    post = make_post(title="Going soon")
    assert "Going soon" in home_page(admin_client)

    admin_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "delete_selected", "_selected_action": [post.pk], "post": "yes"},
    )

    assert "Going soon" not in home_page(admin_client)


def test_a_scheduled_post_shows_within_the_page_timeout(
    client, user, monkeypatch, settings
):
    # A cache in this process, whose clock the test can move (Redis keeps its own).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    make_post(title="Due shortly", published_at=timezone.now() + timedelta(minutes=1))
    client.force_login(user)  # the fragment, not the page cache, is under test
    assert "Due shortly" not in home_page(client)

    # Five minutes on, for the cache and for the posts' publishing times.
    real_time, real_now = time.time, timezone.now
    monkeypatch.setattr(time, "time", lambda: real_time() + 301)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=301))

    assert "Due shortly" in home_page(client)


def drafts_page(client):
    return client.get(reverse("blog:draft_list")).content.decode()


def test_a_draft_changed_shows_on_its_authors_drafts_page_at_once(client, user):
    client.force_login(user)
    draft = make_post(author=user, draft=True, title="First idea")
    assert "First idea" in drafts_page(client)

    draft.title = "Better idea"
    draft.save()

    assert "Better idea" in drafts_page(client)


def test_an_authors_cached_drafts_are_never_shown_to_another_author(client, user):
    make_post(author=user, draft=True, title="Secret plan")
    client.force_login(user)
    assert "Secret plan" in drafts_page(client)

    client.force_login(make_post(draft=True).author)

    assert "Secret plan" not in drafts_page(client)
