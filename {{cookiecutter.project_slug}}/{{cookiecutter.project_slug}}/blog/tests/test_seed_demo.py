"""Tests of the seed_demo management command."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

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
