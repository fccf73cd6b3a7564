"""Tests of the mail to a post's author when someone else comments."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import reverse

from {{ cookiecutter.project_slug }}.blog import views
from {{ cookiecutter.project_slug }}.blog.models import Comment
from {{ cookiecutter.project_slug }}.blog.tasks import notify_post_author
from {{ cookiecutter.project_slug }}.users.tests.factories import make_user

from .factories import make_comment, make_post

pytestmark = pytest.mark.django_db


def test_a_comment_by_someone_else_mails_the_post_author(
    client, django_capture_on_commit_callbacks, settings
):
    post = make_post(title="Models, explained")
    reader = make_user(username="reader")
    client.force_login(reader)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("blog:add_comment", args=[post.slug]),
            {"body": "Very clear, thanks!"},
        )

    [message] = mail.outbox
    assert message.to == [post.author.email]
    assert message.subject == 'New comment on "Models, explained"'
    assert "reader" in message.body
    assert "Very clear, thanks!" in message.body
    comment_url = f"{settings.SITE_URL}{post.get_absolute_url()}#comment-"
    assert comment_url in message.body


def test_a_comment_and_its_notification_are_saved_together_or_not_at_all(
    client, monkeypatch
):
    post = make_post()
    client.force_login(make_user(username="reader"))
    url = reverse("blog:add_comment", args=[post.slug])

    def database_locked(*args, **kwargs):
        raise OperationalError("database is locked")

    # The task's row cannot be written: the comment before it is undone too.
    monkeypatch.setattr(
        views, "notify_post_author", SimpleNamespace(enqueue=database_locked)
    )
    response = client.post(url, {"body": "Very clear, thanks!"})

    assert response.status_code == 503
    assert "Nothing was saved" in response.text
    assert "Very clear, thanks!" in response.text  # kept in the form
    assert not Comment.objects.exists()
    assert mail.outbox == []


def test_the_author_gets_no_mail_about_their_own_comment():
    post = make_post()
    comment = make_comment(post=post, author=post.author)

    notify_post_author.call(comment.pk)

    assert mail.outbox == []


def test_an_author_without_an_address_gets_no_mail():
    post = make_post(author=make_user(email=""))

    notify_post_author.call(make_comment(post=post).pk)

    assert mail.outbox == []


def test_a_comment_deleted_before_the_worker_came_is_skipped():
    comment = make_comment()
    comment_id = comment.pk
    comment.delete()

    notify_post_author.call(comment_id)

    assert mail.outbox == []
