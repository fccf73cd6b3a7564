"""Tests of the seed_demo management command."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from {{ cookiecutter.project_slug }}.blog.models import Comment, Post

pytestmark = pytest.mark.django_db


def seed_demo(*args):
    output = StringIO()
    call_command("seed_demo", *args, stdout=output)
    return output.getvalue()


def test_seed_demo_creates_a_user_with_published_posts_and_comments():
    seed_demo("--password", "a-demo-password")

    demo = get_user_model().objects.get(username="demo")
    assert demo.check_password("a-demo-password")
    assert Post.objects.published().by(demo).count() == 12
    assert Comment.objects.count() == 6


def test_seed_demo_a_second_time_changes_nothing():
    seed_demo()
    counts = (get_user_model().objects.count(), Post.objects.count())
    comments = set(Comment.objects.values_list("pk", flat=True))

    output = seed_demo()

    assert (get_user_model().objects.count(), Post.objects.count()) == counts
    assert set(Comment.objects.values_list("pk", flat=True)) == comments
    assert "0 created" in output
    assert "already exists" in output


def test_seed_demo_prints_the_random_password_it_sets():
    output = seed_demo()

    password = re.search(r"shown only now\): (\S+)", output).group(1)
    assert get_user_model().objects.get(username="demo").check_password(password)


def test_seed_demo_generates_many_posts_shared_by_a_few_authors():
    output = seed_demo("--posts", "100", "--comments", "300")

    generated = Post.objects.filter(slug__startswith="demo-note-")
    public = generated.published()
    demo = get_user_model().objects.get(username="demo")
    assert generated.count() == 100
    # One in 25 a draft, one in 99 scheduled: the rest are public.
    assert generated.drafts().count() == 4
    assert public.count() == 100 - 4 - 1
    assert generated.drafts().by(demo).exists()
    assert generated.values("author").distinct().count() == 4
    # Comments go on public posts only, about as many on each.
    assert Comment.objects.filter(post__in=public).count() == 300
    assert not Comment.objects.filter(post__in=generated.exclude(pk__in=public))
    assert "Generated posts: 100 created" in output


def test_seed_demo_generates_only_what_is_missing():
    seed_demo("--posts", "30", "--comments", "60")
    posts = set(Post.objects.values_list("pk", flat=True))

    output = seed_demo("--posts", "30", "--comments", "90")

    assert set(Post.objects.values_list("pk", flat=True)) == posts
    assert "Generated posts: 0 created, 30 already there" in output
    assert "Comments on them: 30 created" in output


def test_seed_demo_refuses_a_negative_number():
    with pytest.raises(CommandError, match="0 or more"):
        seed_demo("--posts", "-1")

    assert not get_user_model().objects.exists()
