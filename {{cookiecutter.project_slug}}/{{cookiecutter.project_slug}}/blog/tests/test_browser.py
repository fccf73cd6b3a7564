"""Browser tests of the blog: reading it, and an author's whole round trip."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from {{ cookiecutter.project_slug }}.blog.models import Post
from {{ cookiecutter.project_slug }}.core.tests.browser_steps import (
    log_in,
    log_out,
    sign_up,
    tab_to,
)

from .factories import make_post

pytestmark = pytest.mark.browser


def test_a_visitor_goes_from_the_home_page_to_the_blog_to_a_post(page):
    post = make_post(title="Hello from the browser")

    page.goto("/")
    page.get_by_role("link", name="All posts").click()
    expect(page).to_have_title(f"Blog | {settings.SITE_TITLE}")
    page.get_by_role("link", name=post.title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(post.title)
    expect(page).to_have_url(re.compile(f"{post.get_absolute_url()}$"))


def test_an_author_writes_a_post_sees_it_on_the_home_page_edits_and_deletes_it(
    page, language
):
    """The whole round trip, once in each language the site speaks."""
    sign_up(page, "writer")
    log_out(page)
    log_in(page, "writer")
    menu = page.get_by_role("navigation", name=_("Main"))
    menu.get_by_role("link", name=_("Blog")).click()

    # The main action is reachable without a mouse.
    tab_to(page, _("Write a post"))
    page.keyboard.press("Enter")
    page.get_by_label(_("title")).fill("Notes from a browser")
    page.get_by_label(_("body")).fill("Written, edited and deleted by a test.")
    page.get_by_label(_("status")).select_option(_("Published"))
    page.get_by_role("button", name=_("Save")).click()
    expect(page.get_by_role("status")).to_contain_text(
        _('Saved "%(title)s".') % {"title": "Notes from a browser"}
    )

    page.get_by_role("link", name=settings.SITE_TITLE).click()
    page.get_by_role("link", name="Notes from a browser").click()
    page.get_by_role("link", name=_("Edit")).click()
    page.get_by_label(_("title")).fill("Notes, edited")
    page.get_by_role("button", name=_("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notes, edited")

    page.get_by_role("link", name=_("Delete")).click()
    page.get_by_role("button", name=_("Delete")).click()
    expect(page.get_by_role("status")).to_contain_text(
        _('Deleted "%(title)s".') % {"title": "Notes, edited"}
    )
    expect(page.get_by_role("link", name="Notes, edited")).to_have_count(0)
    assert not Post.objects.exists()


def test_an_invalid_post_shows_its_errors_and_keeps_what_was_typed(page, user):
    log_in(page, user.username)
    page.goto(reverse("blog:post_create"))

    page.get_by_label("Title").fill("Hi")
    page.get_by_label("Status").select_option("Published")
    page.get_by_role("button", name="Save").click()

    title = page.get_by_label("Title")
    expect(title).to_have_value("Hi")
    expect(title).to_have_accessible_description(re.compile("3 characters or more"))
    expect(page.get_by_label("Body")).to_have_accessible_description(
        re.compile("needs a body")
    )
    assert not Post.objects.exists()
