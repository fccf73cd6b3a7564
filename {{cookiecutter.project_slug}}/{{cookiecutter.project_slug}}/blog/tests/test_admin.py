"""Tests of the blog's admin pages and its publish action."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from {{ cookiecutter.project_slug }}.blog.models import Post

from .factories import make_comment, make_comments, make_post

pytestmark = pytest.mark.django_db

ADMIN_CHANGE_QUERIES = 4
ADMIN_DELETE_QUERIES = 3


def test_admin_pages_load(admin_client):
    comment = make_comment()
    urls = [
        reverse("admin:blog_post_changelist"),
        reverse("admin:blog_post_add"),
        reverse("admin:blog_post_change", args=[comment.post.pk]),
        reverse("admin:blog_comment_changelist"),
        reverse("admin:blog_comment_change", args=[comment.pk]),
    ]

    assert [admin_client.get(url).status_code for url in urls] == [200] * len(urls)


def test_publish_action_publishes_what_it_may_and_names_the_rest(admin_client):
    ready = make_post(draft=True)
    empty = make_post(draft=True, body="", title="Empty draft")

    response = admin_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, empty.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    empty.refresh_from_db()
    assert ready.status == Post.Status.PUBLISHED
    assert empty.status == Post.Status.DRAFT
    messages = [str(message) for message in response.context["messages"]]
    assert "Published 1 post." in messages
    assert any("Empty draft" in message for message in messages)


def queries_to_render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # Whether the session costs a query depends on SESSION_ENGINE, not on the page.
    return sum("django_session" not in query["sql"] for query in queries)


# What each page costs (the user, the post, its comments with their authors...): the
# same however many comments the post has.
@pytest.mark.parametrize(
    ("url_name", "queries"),
    [
        ("admin:blog_post_change", ADMIN_CHANGE_QUERIES),
        ("admin:blog_post_delete", ADMIN_DELETE_QUERIES),
    ],
)
def test_a_posts_admin_pages_cost_the_same_with_more_comments(
    admin_client, url_name, queries
):
    post = make_post()
    make_comment(post=post)
    url = reverse(url_name, args=[post.pk])
    assert queries_to_render(admin_client, url) == queries

    make_comments(19, post=post)

    assert queries_to_render(admin_client, url) == queries


@pytest.mark.parametrize(
    "url_name", ["admin:blog_post_changelist", "admin:blog_comment_changelist"]
)
def test_a_filtered_list_counts_its_rows_once(admin_client, url_name):
    make_comments(3)

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(url_name), {"q": "Comment"})

    assert response.status_code == 200
    assert sum("COUNT(" in query["sql"] for query in queries) == 1
