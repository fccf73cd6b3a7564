"""Bad input to the blog gets a clear answer and leaves posts and comments as they were."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from {{ cookiecutter.project_slug }}.blog.models import Comment, Post

from .factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return make_post(title="Steady as she goes")


def unchanged(post):
    post.refresh_from_db()
    return post.title == "Steady as she goes" and not Comment.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [("post_detail", "get"), ("post_update", "post"), ("add_comment", "post")],
)
def test_an_unknown_slug_gets_the_404_page(client, user, post, name, method):
    client.force_login(user)
    url = reverse(f"blog:{name}", args=["no-such-post"])

    response = getattr(client, method)(url, {"title": "Hijacked", "body": "Hi"})

    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    assert unchanged(post)


def test_a_comment_without_its_csrf_token_gets_the_403_page(user, post):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        reverse("blog:add_comment", args=[post.slug]), {"body": "Sneaky"}
    )

    assert response.status_code == 403
    assertTemplateUsed(response, "403_csrf.html")
    assert unchanged(post)


def test_an_overlong_comment_shows_the_post_again_with_the_error(client, user, post):
    client.force_login(user)

    response = client.post(
        reverse("blog:add_comment", args=[post.slug]), {"body": "x" * 2001}
    )

    assert response.status_code == 200
    assert response.context["comment_form"].errors["body"]
    assert unchanged(post)


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "A fine title", "status": "everywhere"},  # not a choice
        {"title": "A fine title", "status": "draft", "slug": "not a slug!"},
        {"title": "x" * 500, "status": "draft"},  # past the column's length
    ],
)
def test_invalid_post_values_show_the_form_again_and_save_nothing(client, user, fields):
    client.force_login(user)

    response = client.post(reverse("blog:post_create"), fields)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Post.objects.exists()
