"""With the cache broken, the blog still serves pages and saves every post once;
comments, whose rate limit counts in the cache, are refused until it is back."""

import pytest
from django.test import override_settings
from django.urls import reverse

from {{ cookiecutter.project_slug }}.blog.models import Comment, Post

from .factories import make_post

# Committed for real, so that the signals' cache calls run after the commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broken_cache(tmp_path):
    # A cache folder below a regular file can never be created: every use fails.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    backend = "{{ cookiecutter.project_slug }}.caching.backends.DegradingFileBasedCache"
    with override_settings(
        CACHES={"default": {"BACKEND": backend, "LOCATION": str(blocker / "cache")}},
        SESSION_ENGINE="django.contrib.sessions.backends.db",
    ):
        yield


def test_posts_are_saved_once_and_shown_and_comments_wait(client, user):
    client.force_login(user)

    created = client.post(
        reverse("blog:post_create"),
        {"title": "Saved once", "body": "Words.", "status": "published"},
    )
    post = Post.objects.get()
    commented = client.post(
        reverse("blog:add_comment", args=[post.slug]), {"body": "And noted."}
    )

    # A comment mails the post's author: uncounted, it could be sent without limit.
    assert (created.status_code, commented.status_code) == (302, 429)
    assert not Comment.objects.exists()
    for url in [
        reverse("core:home"),
        reverse("blog:post_list"),
        post.get_absolute_url(),
    ]:
        assert b"Saved once" in client.get(url).content


def test_anonymous_visitors_get_every_page(client):
    post = make_post(title="Still here")

    for url in [
        reverse("core:home"),
        reverse("blog:post_list"),
        post.get_absolute_url(),
    ]:
        assert b"Still here" in client.get(url).content
