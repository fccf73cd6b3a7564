"""Tests of query counts: pages cost the same few queries however much they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import make_comment, make_comments, make_post, make_posts

# Committed for real: the cached pages are forgotten when a change commits.
pytestmark = pytest.mark.django_db(transaction=True)


def queries_to_render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_commented_posts(count, **post_fields):
    # Each post and comment gets its own author, so unjoined authors would cost
    # one query each.
    for post in make_posts(count, **post_fields):
        make_comments(2, post=post)


def test_the_post_list_takes_two_queries(client, django_assert_num_queries):
    add_commented_posts(3)

    # One to count the posts for the paginator, one for the page itself.
    with django_assert_num_queries(2):
        client.get(reverse("blog:post_list"))


@pytest.mark.parametrize("url_name", ["blog:post_list", "core:home"])
def test_lists_cost_the_same_with_more_posts_and_comments(client, url_name):
    add_commented_posts(1)
    with_one_post = queries_to_render(client, reverse(url_name))

    add_commented_posts(9)
    with_ten_posts = queries_to_render(client, reverse(url_name))

    assert with_ten_posts == with_one_post


def test_drafts_cost_the_same_with_more_drafts(client, user):
    client.force_login(user)
    add_commented_posts(1, author=user, draft=True)
    with_one_draft = queries_to_render(client, reverse("blog:draft_list"))

    add_commented_posts(9, author=user, draft=True)

    assert queries_to_render(client, reverse("blog:draft_list")) == with_one_draft


def test_a_post_costs_the_same_with_more_comments(client):
    post = make_post()
    make_comment(post=post)
    with_one_comment = queries_to_render(client, post.get_absolute_url())

    make_comments(9, post=post)

    assert queries_to_render(client, post.get_absolute_url()) == with_one_comment
