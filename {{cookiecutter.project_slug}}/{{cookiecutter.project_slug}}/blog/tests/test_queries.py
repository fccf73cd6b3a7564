"""Tests of query counts: pages cost the same few queries however much they show."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from {{ cookiecutter.project_slug }}.blog.models import Post

from .factories import make_comment, make_comments, make_post, make_posts

# Inside each test's transaction: every count starts from an empty cache, so no
# count depends on pages being forgotten when a change commits.
pytestmark = pytest.mark.django_db


def queries_to_render(client, url):
    cache.clear()  # no page or fragment cached by the last call
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_commented_posts(count, **post_fields):
    # Each post and comment gets its own author, so unjoined authors would cost
    # one query each.
    for post in make_posts(count, **post_fields):
        make_comments(2, post=post)


def test_the_post_list_takes_one_query(client, django_assert_num_queries):
    add_commented_posts(3)

    # The posts with their authors and comment counts; nothing counts all posts.
    with django_assert_num_queries(1):
        client.get(reverse("blog:post_list"))


def queries_of_a_second_look(client, url):
    """The SQL of a second request for a page, besides reading the reader's session
    and user (which every signed-in request reads from the database)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    readers = [Session._meta.db_table, get_user_model()._meta.db_table]
    return response, [
        query["sql"]
        for query in queries
        if not any(f'FROM "{table}"' in query["sql"] for table in readers)
    ]


def signed_in_pages(user):
    """The example site's pages for a signed-in member, with a post of two comments
    and a draft of their own to show."""
    post = make_post()
    make_comments(2, post=post)
    make_post(author=user, draft=True)
    return {
        "home": reverse("core:home"),
        "list": reverse("blog:post_list"),
        "post": post.get_absolute_url(),
        "drafts": reverse("blog:draft_list"),
        "account": reverse("users:account"),
    }


def test_a_signed_in_reader_gets_kept_pages_for_their_session_and_user_only(
    client, user
):
    pages = signed_in_pages(user)
    client.force_login(user)

    for name, url in pages.items():
        response, queries = queries_of_a_second_look(client, url)

        # Rendered for them (their name is on it), from what is kept.
        assert queries == [], name
        assert user.get_username() in response.content.decode(), name


# Made afresh, each page reads the session and the user, then what it shows, in a
# fixed number of queries: one for the home page's and the list's posts (with their
# authors and comment counts); the post, its author and its comments; the drafts'
# count and page; nothing more for the account page.
FIRST_LOOK_QUERIES = {"home": 3, "list": 3, "post": 5, "drafts": 4, "account": 2}


def test_each_signed_in_page_takes_a_fixed_number_of_queries(client, user):
    pages = signed_in_pages(user)
    client.force_login(user)

    counts = {name: queries_to_render(client, url) for name, url in pages.items()}

    assert counts == FIRST_LOOK_QUERIES


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


def seed_demo(posts, comments):
    call_command(
        "seed_demo", "--posts", posts, "--comments", comments, stdout=StringIO()
    )


def queries_of_each_page(client):
    """Queries for each page the blog serves, read by its demo user."""
    slugs = list(Post.objects.published().values_list("slug", flat=True))
    pages = {
        "list": reverse("blog:post_list"),
        # The page after the tenth post from the end: deeper as posts are added.
        "deep list page": f"{reverse('blog:post_list')}?after={slugs[-11]}",
        "newer list page": f"{reverse('blog:post_list')}?before={slugs[-11]}",
        "post": reverse("blog:post_detail", args=[slugs[len(slugs) // 2]]),
        "drafts": reverse("blog:draft_list"),
        "home": reverse("core:home"),
        "sitemap index": "/sitemap.xml",
        "posts sitemap": "/sitemap-posts.xml",
    }
    client.force_login(get_user_model().objects.get(username="demo"))
    return {name: queries_to_render(client, url) for name, url in pages.items()}


def test_pages_cost_the_same_queries_with_ten_or_a_hundred_posts(client):
    seed_demo(posts=10, comments=100)
    with_ten_posts = queries_of_each_page(client)

    # Ten times the posts and comments: ten pages of the list, not one.
    seed_demo(posts=100, comments=1000)
    with_a_hundred = queries_of_each_page(client)

    assert Post.objects.count() > 100
    assert with_a_hundred == with_ten_posts
