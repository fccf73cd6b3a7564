"""Tests of the comment view: who may comment, and what a bad or late comment does."""

import pytest
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertRedirects,
    assertTemplateUsed,
)

# One name a line, so that the block keeps its shape for any package name's length.
from {{ cookiecutter.project_slug }}.users.tests.factories import (
    PASSWORD,
)

from ..models import Comment
from ..views import UNSENT_COMMENT_KEY
from .factories import make_post
from .responses import login_url_for, messages_of

pytestmark = pytest.mark.django_db


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
        {"login": user.username, "password": PASSWORD},
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


def test_comments_beyond_the_rate_limit_get_the_429_page_and_mail_no_one(
    author_client, settings, mailoutbox
):
    settings.ACCOUNT_RATE_LIMITS = {"comment": "2/m/user"}
    post = make_post()
    url = reverse("blog:add_comment", args=[post.slug])
    for number in range(2):
        author_client.post(url, {"body": f"Comment {number}"})
    sent = len(mailoutbox)

    refused = author_client.post(url, {"body": "One too many"})

    assertContains(refused, "Too many tries", status_code=429)
    assert Comment.objects.count() == 2
    assert len(mailoutbox) == sent
    assert author_client.get(post.get_absolute_url()).status_code == 200
