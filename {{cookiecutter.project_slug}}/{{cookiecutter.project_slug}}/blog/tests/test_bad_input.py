"""Bad input to the blog gets a clear answer and leaves posts and comments as they were."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertTemplateUsed

from {{ cookiecutter.project_slug }}.blog.models import (
    POST_BODY_MAX_LENGTH,
    Comment,
    Post,
)

from ..forms import PostForm
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


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Ensure this value has at most 50000 characters"),
        ("pt-br", "Certifique-se de que o valor tenha no máximo 50000 caracteres"),
    ],
)
def test_a_post_body_past_its_maximum_is_refused_in_each_language(language, message):
    body = "x" * (POST_BODY_MAX_LENGTH + 1)

    with translation.override(language):
        form = PostForm({"title": "A fine title", "status": "draft", "body": body})
        # Read in the language: the errors are translated as they are read.
        errors = list(form.errors.get("body", []))

    assert any(message in error for error in errors)


def test_a_post_body_past_its_maximum_shows_the_form_again(client, user):
    client.force_login(user)
    fields = {"title": "A fine title", "status": "draft"}

    response = client.post(
        reverse("blog:post_create"),
        {**fields, "body": "x" * (POST_BODY_MAX_LENGTH + 1)},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("model", "maximum"), [("post", POST_BODY_MAX_LENGTH), ("comment", 2000)]
)
def test_the_models_hold_their_texts_to_the_maximum_the_forms_state(model, maximum):
    # What the admin and Post.publish() check: the model's own validation.
    text = make_post(body="x" * (maximum + 1), draft=True, save=False)
    if model == "comment":
        text = Comment(post=make_post(), author=make_post().author, body=text.body)

    with pytest.raises(ValidationError) as refused:
        text.full_clean()

    assert "body" in refused.value.message_dict


@pytest.mark.parametrize("url_name", ["core:home", "blog:post_list"])
def test_a_long_post_without_spaces_shows_a_bounded_excerpt(client, url_name):
    make_post(body="x" * POST_BODY_MAX_LENGTH)

    page = client.get(reverse(url_name))

    assert page.status_code == 200
    assert "x" * 300 not in page.text
    assert len(page.content) < 10_000
