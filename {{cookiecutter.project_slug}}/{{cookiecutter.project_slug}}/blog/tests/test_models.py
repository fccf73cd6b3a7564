"""Tests of the blog's models: querysets, slugs and the publishing rules."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from {{ cookiecutter.project_slug }}.users.tests.factories import make_user

from ..models import Comment, Post
from ..slugs import SLUG_ATTEMPTS
from .factories import make_comment, make_comments, make_post, make_posts

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


def test_slug_is_made_from_the_title():
    post = make_post(title="Hello, Django World!")

    assert post.slug == "hello-django-world"


def test_slugs_made_from_the_same_title_are_numbered():
    slugs = [make_post(title="Same title").slug for _ in range(3)]

    assert slugs == ["same-title", "same-title-2", "same-title-3"]


def blind_slug_check(monkeypatch, misses):
    """Let the slug check miss a taken slug ``misses`` times, as it does when a
    concurrent save inserts it between the check and the insert."""
    honest = Post._slug_taken
    misses = iter(range(misses))

    def check(post, slug):
        return False if next(misses, None) is not None else honest(post, slug)

    monkeypatch.setattr(Post, "_slug_taken", check)


def test_a_slug_taken_between_the_check_and_the_insert_is_chosen_again(monkeypatch):
    make_post(title="Same title")
    blind_slug_check(monkeypatch, misses=1)

    post = make_post(title="Same title")

    assert post.slug == "same-title-2"
    assert Post.objects.filter(title="Same title").count() == 2


def test_a_slug_that_keeps_being_taken_ends_in_the_database_error(monkeypatch):
    make_post(title="Same title")
    blind_slug_check(monkeypatch, misses=SLUG_ATTEMPTS * 2)

    with pytest.raises(IntegrityError):
        make_post(title="Same title")

    assert Post.objects.count() == 1


def test_other_database_errors_are_not_retried(django_assert_num_queries):
    # A missing title breaks NOT NULL: one insert, no new slug tried.
    with pytest.raises(IntegrityError), django_assert_num_queries(4):
        make_post(title=None)


@pytest.mark.parametrize(
    ("title", "slug"),
    [("New", "new-2"), ("Drafts", "drafts-2"), ("¿¡!?", "post")],
)
def test_slugs_avoid_reserved_words_and_never_end_up_empty(title, slug):
    assert make_post(title=title).slug == slug


def test_a_very_long_title_still_makes_a_unique_slug_that_fits():
    max_length = Post._meta.get_field("slug").max_length
    first, second = make_posts(2, title="a" * max_length)

    assert second.slug == f"{first.slug}-2"
    assert len(second.slug) <= max_length


def test_a_chosen_slug_is_kept_and_survives_a_new_title():
    post = make_post(title="First title", slug="my-choice")

    post.title = "Second title"
    post.save()

    assert post.slug == "my-choice"


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
