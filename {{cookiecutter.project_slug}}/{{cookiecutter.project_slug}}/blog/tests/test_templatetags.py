"""Tests of the latest_posts template tag that the home page shows."""

import pytest
from django.template.loader import render_to_string

from {{ cookiecutter.project_slug }}.blog.templatetags import blog_tags

from .factories import make_comments, make_post, make_posts

pytestmark = pytest.mark.django_db


def test_latest_posts_are_the_five_newest_published():
    posts = make_posts(6)
    make_post(draft=True)

    assert list(blog_tags.latest_posts()["posts"]) == posts[:-6:-1]


def test_latest_posts_render_as_cards_with_comment_counts():
    make_comments(2, post=make_post(title="Talked about"))

    html = render_to_string("blog/latest_posts.html", blog_tags.latest_posts())

    assert html.count('class="card"') == 1
    assert "Talked about" in html
    assert "2 comments" in html


def test_latest_posts_say_so_when_there_are_none():
    html = render_to_string("blog/latest_posts.html", blog_tags.latest_posts())

    assert "No posts yet." in html
