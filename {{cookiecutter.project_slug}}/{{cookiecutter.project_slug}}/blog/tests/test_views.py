"""Tests of the blog's views: what each URL answers, to whom, and what it changes."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertNotContains,
    assertRedirects,
    assertTemplateUsed,
)

# One name a line, so that the block keeps its shape for any package name's length.
from {{ cookiecutter.project_slug }}.users.tests.factories import (
    PASSWORD,
    make_user,
)

from ..forms import PostForm
from ..models import Comment, Post
from ..views import UNSENT_COMMENT_KEY
from .factories import make_comment, make_post, make_posts

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def login_url_for(url):
    return f"{reverse('users:login')}?next={url}"


@pytest.fixture
def author_client(client, user):
    """A client logged in as ``user``, the author of the posts under test."""
    client.force_login(user)
    return client


# The post list


def test_list_shows_published_posts_only(client):
    published = make_post(title="Out in the open")
    make_post(title="Still secret", draft=True)

    response = client.get(reverse("blog:post_list"))

    assert response.status_code == 200
    assertTemplateUsed(response, "blog/post_list.html")
    assert response.context["page"].posts == [published]
    assertNotContains(response, "Still secret")


def test_list_shows_ten_posts_a_page_newest_first(client):
    posts = make_posts(12)[::-1]  # newest first

    first_page = client.get(reverse("blog:post_list"))
    second_page = client.get(reverse("blog:post_list"), {"after": posts[9].slug})

    assert first_page.context["page"].posts == posts[:10]
    assert second_page.context["page"].posts == posts[10:]
    assertContains(first_page, f'href="?after={posts[9].slug}" rel="next"')
    assertNotContains(first_page, 'rel="prev"')
    assertContains(second_page, f'href="?before={posts[10].slug}" rel="prev"')
    assertNotContains(second_page, 'rel="next"')


def test_list_pages_back_to_the_newer_posts(client):
    posts = make_posts(25)[::-1]  # newest first

    page = client.get(reverse("blog:post_list"), {"before": posts[20].slug})
    first_page = client.get(reverse("blog:post_list"), {"before": posts[10].slug})

    assert page.context["page"].posts == posts[10:20]
    assertContains(page, f'href="?before={posts[10].slug}" rel="prev"')
    assertContains(page, f'href="?after={posts[19].slug}" rel="next"')
    assert first_page.context["page"].posts == posts[:10]
    assertNotContains(first_page, 'rel="prev"')


def test_list_has_no_page_links_when_one_page_holds_every_post(client):
    make_posts(10)

    assertNotContains(client.get(reverse("blog:post_list")), 'class="pagination"')


@pytest.mark.parametrize("side", ["after", "before"])
def test_list_answers_404_next_to_a_post_that_is_not_public(client, side):
    draft = make_post(draft=True)
    list_url = reverse("blog:post_list")

    assert client.get(list_url, {side: draft.slug}).status_code == 404
    assert client.get(list_url, {side: "no-such-post"}).status_code == 404


def test_list_links_to_writing_a_post_only_when_logged_in(client, user):
    new_post_link = f'href="{reverse("blog:post_create")}"'

    assertNotContains(client.get(reverse("blog:post_list")), new_post_link)
    client.force_login(user)
    assertContains(client.get(reverse("blog:post_list")), new_post_link)


# One post


def test_detail_shows_the_post_and_its_comments(client):
    comment = make_comment(body="What a read")

    response = client.get(comment.post.get_absolute_url())

    assert response.status_code == 200
    assertTemplateUsed(response, "blog/post_detail.html")
    assertContains(response, comment.post.title)
    assertContains(response, "What a read")


def test_detail_answers_404_for_an_unknown_slug(client):
    response = client.get(reverse("blog:post_detail", args=["no-such-post"]))

    assert response.status_code == 404


def test_a_draft_is_hidden_from_everyone_but_its_author(client, user):
    draft = make_post(author=user, draft=True)

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_user())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_detail_offers_edit_and_delete_only_to_the_author(client, user):
    post = make_post(author=user)
    edit_link = f'href="{reverse("blog:post_update", args=[post.slug])}"'

    client.force_login(make_user())
    assertNotContains(client.get(post.get_absolute_url()), edit_link)
    client.force_login(user)
    assertContains(client.get(post.get_absolute_url()), edit_link)


# Writing, editing and deleting posts


@pytest.mark.parametrize("name", ["post_create", "draft_list"])
def test_pages_for_writers_send_visitors_to_log_in(client, name):
    url = reverse(f"blog:{name}")

    assertRedirects(client.get(url), login_url_for(url), fetch_redirect_response=False)


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


# Comments (a function-based view)


def test_the_comments_address_leads_to_the_form_on_the_post(author_client):
    post = make_post()

    response = author_client.get(reverse("blog:add_comment", args=[post.slug]))

    assertRedirects(response, f"{post.get_absolute_url()}#comment-form")


def test_visitors_must_log_in_to_comment(client):
    post = make_post()

    response = client.post(
        reverse("blog:add_comment", args=[post.slug]), {"body": "Hello"}
    )

    assertRedirects(
        response,
        login_url_for(f"{post.get_absolute_url()}%23comment-form"),
        fetch_redirect_response=False,
    )
    assert not Comment.objects.exists()
    assertContains(client.get(post.get_absolute_url()), "to comment")


def test_a_comment_sent_after_the_session_ended_waits_in_the_form(client, user):
    post = make_post()

    # The form was on screen while signed in; the session has ended since.
    sent = client.post(
        reverse("blog:add_comment", args=[post.slug]),
        {"body": "Kept through the log-in"},
        follow=True,
    )
    assertContains(sent, "Your text is kept")
    logged_in = client.post(
        sent.redirect_chain[-1][0],
        {"username": user.username, "password": PASSWORD},
        follow=True,
    )

    # Back on the post, with the text in the form and word that it is not sent.
    assert logged_in.redirect_chain[-1][0] == f"{post.get_absolute_url()}#comment-form"
    assert (
        logged_in.context["comment_form"]["body"].value() == "Kept through the log-in"
    )
    assertContains(logged_in, "Your comment is not published yet")
    assert not Comment.objects.exists()
    # Offered once: the next visit shows an empty form.
    again = client.get(post.get_absolute_url())
    assert again.context["comment_form"]["body"].value() is None


def test_a_comment_too_long_to_publish_is_not_kept_for_after_the_log_in(client):
    post = make_post()
    url = reverse("blog:add_comment", args=[post.slug])

    # Sent by a visitor whose session ended: as much as Django reads of a form.
    response = client.post(url, {"body": "x" * 2_000_000})

    assert response.status_code == 200
    assert response.context["comment_form"].errors["body"]
    assertContains(response, 'id="comment-form"')
    assert UNSENT_COMMENT_KEY not in client.session
    assert not Comment.objects.exists()


def test_a_comment_is_saved_and_the_reader_sent_back_to_it(author_client, user):
    post = make_post()

    response = author_client.post(
        reverse("blog:add_comment", args=[post.slug]), {"body": "Nice post!"}
    )

    comment = Comment.objects.get()
    assert (comment.post, comment.author, comment.body) == (post, user, "Nice post!")
    assertRedirects(response, f"{post.get_absolute_url()}#comment-{comment.pk}")
    assert messages_of(response) == ["Thanks! Your comment is published."]


def test_an_empty_comment_shows_the_post_again_with_the_error(author_client):
    post = make_post(title="Still here")

    response = author_client.post(
        reverse("blog:add_comment", args=[post.slug]), {"body": "  "}
    )

    assert response.status_code == 200
    assertTemplateUsed(response, "blog/post_detail.html")
    assertContains(response, "Still here")
    assert response.context["comment_form"].errors["body"]
    assert not Comment.objects.exists()


def test_drafts_take_no_comments(author_client, user):
    draft = make_post(author=user, draft=True)

    response = author_client.post(
        reverse("blog:add_comment", args=[draft.slug]), {"body": "First!"}
    )

    assert response.status_code == 404
    assert not Comment.objects.exists()
