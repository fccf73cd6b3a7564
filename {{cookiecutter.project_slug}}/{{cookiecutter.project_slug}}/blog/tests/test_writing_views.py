"""Tests of the views that write posts: create, edit, delete and the drafts."""

import pytest
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertRedirects,
    assertTemplateUsed,
)

# One name a line, so that the block keeps its shape for any package name's length.
from {{ cookiecutter.project_slug }}.users.tests.factories import (
    make_user,
)

from ..forms import PostForm
from ..models import Comment, Post
from .factories import make_comment, make_post, make_posts
from .responses import login_url_for, messages_of

pytestmark = pytest.mark.django_db


# Writing, editing and deleting posts


@pytest.mark.parametrize("name", ["post_create", "draft_list"])
def test_pages_for_writers_send_visitors_to_log_in(client, name):
    url = reverse(f"blog:{name}")

    assertRedirects(client.get(url), login_url_for(url), fetch_redirect_response=False)


def test_an_account_whose_address_is_not_confirmed_cannot_write(client):
    # Signed in before its address was confirmed (or with a session made before
    # confirmation was asked for): writing waits until it is.
    author = make_user(verified=False)
    client.force_login(author)
    post = make_post(author=author)
    form = {"title": "Hello", "body": "Text.", "status": Post.Status.PUBLISHED}

    pages = [
        client.post(reverse("blog:post_create"), form),
        client.post(reverse("blog:post_update", args=[post.slug]), form),
        client.post(reverse("blog:post_delete", args=[post.slug])),
        client.post(reverse("blog:add_comment", args=[post.slug]), {"body": "Hi"}),
    ]

    for page in pages:
        assertTemplateUsed(page, "account/verified_email_required.html")
    assert list(Post.objects.values_list("title", flat=True)) == [post.title]
    assert not Comment.objects.exists()


def test_create_shows_an_empty_form(author_client):
    response = author_client.get(reverse("blog:post_create"))

    assert response.status_code == 200
    assertTemplateUsed(response, "blog/post_form.html")
    assertContains(response, 'name="title"')


def test_create_saves_the_post_as_the_users_and_redirects_to_it(author_client, user):
    response = author_client.post(
        reverse("blog:post_create"),
        {"title": "My first post", "body": "Hello.", "status": "published"},
    )

    post = Post.objects.get()
    assertRedirects(response, post.get_absolute_url())
    assert post.author == user
    assert post.slug == "my-first-post"
    assert post.is_published
    assert messages_of(response) == ['Saved "My first post".']


def test_create_with_errors_shows_them_and_saves_nothing(author_client):
    response = author_client.post(
        reverse("blog:post_create"), {"title": "", "body": "", "status": "published"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assertContains(response, 'class="errorlist')
    assert not Post.objects.exists()


@pytest.mark.parametrize("editing", [False, True], ids=["new post", "edited post"])
def test_a_slug_taken_after_the_form_was_checked_is_shown_on_the_form(
    author_client, user, monkeypatch, editing
):
    make_post(slug="taken", title="First")
    own = make_post(author=user, title="Mine", slug="mine")
    # Another post takes the slug between the form's check and the save.
    monkeypatch.setattr(PostForm, "validate_unique", lambda form: None)
    url = (
        reverse("blog:post_update", args=[own.slug])
        if editing
        else reverse("blog:post_create")
    )

    response = author_client.post(
        url, {"title": "Second", "slug": "taken", "body": "Hi.", "status": "draft"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "Post with this Slug already exists."
    ]
    assert set(Post.objects.values_list("slug", "title")) == {
        ("taken", "First"),
        ("mine", "Mine"),
    }


def test_a_new_draft_is_listed_among_the_authors_drafts(author_client, user):
    author_client.post(
        reverse("blog:post_create"), {"title": "Half done", "status": "draft"}
    )
    make_post(author=user, title="Already out")
    make_post(draft=True, title="Someone else's")

    response = author_client.get(reverse("blog:draft_list"))

    assertTemplateUsed(response, "blog/draft_list.html")
    assert [post.title for post in response.context["posts"]] == ["Half done"]


def test_drafts_show_ten_a_page_newest_first(author_client, user):
    drafts = make_posts(12, author=user, draft=True)[::-1]  # newest first

    first_page = author_client.get(reverse("blog:draft_list"))
    second_page = author_client.get(reverse("blog:draft_list"), {"page": 2})

    assert list(first_page.context["posts"]) == drafts[:10]
    assert list(second_page.context["posts"]) == drafts[10:]
    assertContains(first_page, 'href="?page=2" rel="next"')
    assertContains(second_page, 'href="?page=1" rel="prev"')


def test_the_author_can_edit_a_post(author_client, user):
    post = make_post(author=user, title="Old title")
    url = reverse("blog:post_update", args=[post.slug])

    assert author_client.get(url).status_code == 200
    response = author_client.post(
        url, {"title": "New title", "slug": post.slug, "body": "x", "status": "draft"}
    )

    assertRedirects(response, post.get_absolute_url())
    post.refresh_from_db()
    assert post.title == "New title"
    assert post.status == Post.Status.DRAFT


def test_an_edit_with_errors_changes_nothing(author_client, user):
    post = make_post(author=user, title="Old title")

    response = author_client.post(
        reverse("blog:post_update", args=[post.slug]),
        {"title": "New title", "slug": "", "body": "", "status": "published"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    post.refresh_from_db()
    assert post.title == "Old title"


@pytest.mark.parametrize("name", ["post_update", "post_delete"])
def test_other_users_get_404_for_someone_elses_post(client, name):
    post = make_post(title="Not yours")
    url = reverse(f"blog:{name}", args=[post.slug])
    client.force_login(make_user())

    assert client.get(url).status_code == 404
    response = client.post(url, {"title": "Taken over", "status": "draft"})
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.title == "Not yours"


@pytest.mark.parametrize("name", ["post_update", "post_delete"])
def test_visitors_are_sent_to_log_in_before_editing(client, name):
    post = make_post()
    url = reverse(f"blog:{name}", args=[post.slug])

    assertRedirects(client.get(url), login_url_for(url), fetch_redirect_response=False)
    assertRedirects(client.post(url), login_url_for(url), fetch_redirect_response=False)
    assert Post.objects.filter(pk=post.pk).exists()


def test_the_author_can_delete_a_post_after_confirming(author_client, user):
    post = make_post(author=user, title="Short-lived")
    make_comment(post=post)
    url = reverse("blog:post_delete", args=[post.slug])

    confirm_page = author_client.get(url)
    response = author_client.post(url)

    assertTemplateUsed(confirm_page, "blog/post_confirm_delete.html")
    assertContains(confirm_page, "1 comment ")
    assert confirm_page.context["post"].comment_count == 1
    assertRedirects(response, reverse("blog:post_list"))
    assert not Post.objects.exists()
    assert not Comment.objects.exists()
    assert messages_of(response) == ['Deleted "Short-lived".']
