"""Tests of the blog's models: the publishing rules, who sees a post, and comments."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from {{ cookiecutter.project_slug }}.users.tests.factories import make_user

from ..models import Comment, Post
from .factories import make_comment, make_comments, make_post

pytestmark = pytest.mark.django_db


def test_only_the_author_can_edit_a_post(user):
    post = make_post(author=user)

    assert post.can_be_edited_by(user)
    assert not post.can_be_edited_by(make_user())
    assert not post.can_be_edited_by(AnonymousUser())


def test_a_draft_is_visible_to_its_author_only(user):
    published = make_post()
    own_draft = make_post(author=user, draft=True)
    others_draft = make_post(draft=True)
    scheduled = make_post(published_at=timezone.now() + timedelta(days=1))

    assert published.is_visible_to(user)
    assert published.is_visible_to(AnonymousUser())
    assert own_draft.is_visible_to(user)
    assert not own_draft.is_visible_to(AnonymousUser())
    assert not others_draft.is_visible_to(user)
    assert not scheduled.is_visible_to(user)
    assert scheduled.is_visible_to(scheduled.author)


def test_publish_makes_a_draft_public_with_todays_date():
    post = make_post(draft=True)

    post.publish()

    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert post.published_at is not None
    assert post.published_at <= timezone.now()
    assert post.is_published


def test_publish_keeps_the_first_publication_date():
    first_published = timezone.now() - timedelta(days=30)
    post = make_post(draft=True, published_at=first_published)

    post.publish()

    post.refresh_from_db()
    assert post.published_at == first_published


def test_publish_refuses_a_post_without_a_body():
    post = make_post(draft=True, body="  ")

    with pytest.raises(ValidationError) as excinfo:
        post.publish()

    assert "body" in excinfo.value.message_dict
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_saving_as_published_stamps_the_date():
    post = make_post(published_at=None)

    assert post.published_at is not None


def test_clean_requires_a_body_only_once_published():
    make_post(draft=True, body="", save=False).clean()  # a draft may be just a title

    with pytest.raises(ValidationError) as excinfo:
        make_post(body="", save=False).clean()

    assert "body" in excinfo.value.message_dict


@pytest.mark.parametrize("slug", ["new", "drafts"])
def test_clean_refuses_a_slug_the_blogs_urls_use(slug):
    post = make_post(slug=slug, save=False)

    with pytest.raises(ValidationError) as excinfo:
        post.clean()

    assert "slug" in excinfo.value.message_dict


def test_get_absolute_url_uses_the_slug():
    post = make_post(slug="hello")

    assert post.get_absolute_url() == "/blog/hello/"


def test_comment_url_points_at_the_comment_on_its_post():
    comment = make_comment(post=make_post(slug="hello"))

    assert comment.get_absolute_url() == f"/blog/hello/#comment-{comment.pk}"


def test_str_is_readable():
    comment = make_comment(
        post=make_post(title="Hello"),
        body="Nice post, and one that goes on for more than eight words.",
    )

    assert str(comment.post) == "Hello"
    # Its own text, so that listing comments queries no author or post.
    assert str(comment) == "Nice post, and one that goes on for…"


def test_comments_are_listed_oldest_first():
    post = make_post()
    newer, older = make_comments(2, post=post)
    # Saved in the other order, so the database's insertion order cannot pass for
    # the model's ordering.
    Comment.objects.filter(pk=older.pk).update(
        created=newer.created - timedelta(hours=1)
    )

    assert list(post.comments.all()) == [older, newer]
