"""Browser tests of the blog: reading it, and an author's whole round trip."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from playwright.sync_api import expect

from {{ cookiecutter.project_slug }}.blog.forms import PostForm
from {{ cookiecutter.project_slug }}.blog.models import Post
from {{ cookiecutter.project_slug }}.core.tests.browser_steps import (
    SAVE,
    button,
    field,
    link,
    log_in,
    log_out,
    sign_up,
    tab_to,
)

from .factories import make_post

pytestmark = pytest.mark.browser

# The names of the blog's own links and buttons, as its templates write them.
ALL_POSTS = gettext_lazy("All posts")
BLOG = gettext_lazy("Blog")
WRITE_A_POST = gettext_lazy("Write a post")
EDIT = gettext_lazy("Edit")
DELETE = gettext_lazy("Delete")


def test_a_visitor_goes_from_the_home_page_to_the_blog_to_a_post(page):
    post = make_post(title="Hello from the browser")

    page.goto("/")
    link(page, ALL_POSTS).click()
    expect(page).to_have_url(re.compile(reverse("blog:post_list") + "$"))
    link(page, post.title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(post.title)
    expect(page).to_have_url(re.compile(f"{post.get_absolute_url()}$"))


def test_an_author_writes_a_post_sees_it_on_the_home_page_edits_and_deletes_it(
    page, language
):
    """The whole round trip, once in each language the site speaks."""
    sign_up(page, "writer")
    log_out(page)
    log_in(page, "writer")
    link(page.get_by_role("navigation", name=_("Main")), BLOG).click()
    # Pressing Tab before the blog has loaded would tab through the page we left.
    expect(page.get_by_role("heading", level=1)).to_have_text(str(BLOG))

    # The main action is reachable without a mouse.
    tab_to(page, WRITE_A_POST)
    page.keyboard.press("Enter")
    field(page, PostForm, "title").fill("Notes from a browser")
    field(page, PostForm, "body").fill("Written, edited and deleted by a test.")
    field(page, PostForm, "status").select_option(str(Post.Status.PUBLISHED.label))
    button(page, SAVE).click()
    expect(page.get_by_role("status")).to_contain_text(
        _('Saved "%(title)s".') % {"title": "Notes from a browser"}
    )

    link(page, settings.SITE_TITLE).click()
    link(page, "Notes from a browser").click()
    link(page, EDIT).click()
    field(page, PostForm, "title").fill("Notes, edited")
    button(page, SAVE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notes, edited")

    link(page, DELETE).click()
    button(page, DELETE).click()
    expect(page.get_by_role("status")).to_contain_text(
        _('Deleted "%(title)s".') % {"title": "Notes, edited"}
    )
    expect(link(page, "Notes, edited")).to_have_count(0)
    assert not Post.objects.exists()


def test_an_invalid_post_shows_its_errors_and_keeps_what_was_typed(page, user):
    log_in(page, user.username)
    page.goto(reverse("blog:post_create"))

    field(page, PostForm, "title").fill("Hi")
    field(page, PostForm, "status").select_option(str(Post.Status.PUBLISHED.label))
    button(page, SAVE).click()

    title = field(page, PostForm, "title")
    expect(title).to_have_value("Hi")
    expect(title).to_have_accessible_description(re.compile("3 characters or more"))
    expect(field(page, PostForm, "body")).to_have_accessible_description(
        re.compile("needs a body")
    )
    assert not Post.objects.exists()
