"""Tests of posts' slugs: made from the title, and unique even when saves race."""

import pytest
from django.db import IntegrityError

from ..models import Post
from ..slugs import SLUG_ATTEMPTS
from .factories import make_post, make_posts

pytestmark = pytest.mark.django_db


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
