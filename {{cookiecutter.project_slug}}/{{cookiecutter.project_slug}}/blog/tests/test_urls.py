"""Tests of the blog's URLconf: each name builds its path, and each path finds its view."""

import pytest
from django.urls import resolve, reverse

from {{ cookiecutter.project_slug }}.blog import views


@pytest.mark.parametrize(
    ("name", "kwargs", "path", "view"),
    [
        ("blog:post_list", {}, "/blog/", views.PostListView),
        ("blog:post_create", {}, "/blog/new/", views.PostCreateView),
        ("blog:draft_list", {}, "/blog/drafts/", views.DraftListView),
        ("blog:post_detail", {"slug": "hi"}, "/blog/hi/", views.PostDetailView),
        ("blog:post_update", {"slug": "hi"}, "/blog/hi/edit/", views.PostUpdateView),
        ("blog:post_delete", {"slug": "hi"}, "/blog/hi/delete/", views.PostDeleteView),
    ],
)
def test_class_based_views_are_routed(name, kwargs, path, view):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.func.view_class is view


def test_the_comment_view_is_routed():
    path = reverse("blog:add_comment", kwargs={"slug": "hi"})

    assert path == "/blog/hi/comments/"
    assert resolve(path).func is views.add_comment


def test_the_blog_is_in_the_main_menu(client, db):
    response = client.get(reverse("core:home"))

    assert '<a href="/blog/">Blog</a>' in response.content.decode()
