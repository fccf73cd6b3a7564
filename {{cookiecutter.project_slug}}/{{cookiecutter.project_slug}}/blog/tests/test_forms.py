"""Tests of the blog's forms: what they accept and the errors they give."""

import pytest

from {{ cookiecutter.project_slug }}.blog.forms import CommentForm, PostForm

from .factories import make_post

pytestmark = pytest.mark.django_db


def post_data(**overrides):
    return {
        "title": "A fine title",
        "slug": "",
        "body": "Some words.",
        "status": "published",
        **overrides,
    }


def test_post_form_accepts_a_post_without_a_slug():
    form = PostForm(post_data())

    assert form.is_valid(), form.errors


def test_post_form_tidies_the_whitespace_in_titles():
    form = PostForm(post_data(title="  A   fine\n title "))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "A fine title"


@pytest.mark.parametrize("title", ["", "   ", "ab", " a \n "])
def test_post_form_refuses_titles_too_short(title):
    form = PostForm(post_data(title=title))

    assert not form.is_valid()
    assert "title" in form.errors


def test_post_form_refuses_a_slug_another_post_has():
    make_post(slug="taken")

    form = PostForm(post_data(slug="taken"))

    assert not form.is_valid()
    assert "slug" in form.errors


def test_post_form_applies_the_models_rules():
    form = PostForm(post_data(slug="new", body=""))

    assert not form.is_valid()
    assert set(form.errors) == {"slug", "body"}


def test_post_form_lets_a_draft_go_without_a_body():
    form = PostForm(post_data(status="draft", body=""))

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_comment_form_needs_some_text(body):
    form = CommentForm({"body": body})

    assert not form.is_valid()
    assert "body" in form.errors


def test_comment_form_refuses_a_very_long_comment():
    assert not CommentForm({"body": "x" * 2001}).is_valid()
    assert CommentForm({"body": "x" * 2000}).is_valid()
