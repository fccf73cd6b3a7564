"""Browser tests of the layout: the home page, the 404 page and keyboard navigation.

Chromium drives a live server (fixtures in conftest.py); `pytest -m browser` runs
these, which plain `pytest` leaves out. browser_steps.py says how they find things.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from {{ cookiecutter.project_slug }}.users.forms import SignUpForm

from .browser_steps import BACK_HOME, LOG_IN, SIGN_UP, SKIP_LINK, field, link, tab_to

pytestmark = pytest.mark.browser


def test_home_page_is_styled_and_nothing_on_it_is_blocked(page, page_errors):
    page.goto("/")

    expect(page).to_have_title(settings.SITE_TITLE)
    expect(page.get_by_role("heading", level=1)).to_have_text(settings.SITE_TITLE)
    # site.css gives the header a background: the stylesheet arrived and applied.
    header = page.get_by_role("banner")
    expect(header).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    assert page_errors == []


def test_unknown_url_shows_the_404_page_with_a_way_home(page, live_server):
    response = page.goto("/no-such-page/")

    assert response.status == 404
    expect(page).to_have_title(f"Page not found | {settings.SITE_TITLE}")
    link(page, BACK_HOME).click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_keyboard_alone_reaches_the_main_actions_with_visible_focus(page, live_server):
    page.goto("/")

    passed = tab_to(page, SIGN_UP)

    assert passed[:2] == [SKIP_LINK, settings.SITE_TITLE]
    assert LOG_IN in passed
    focused = page.locator(":focus")
    expect(focused).to_have_css("outline-style", "solid")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + reverse("account_signup"))
    expect(field(page, SignUpForm, "username")).to_be_focused()


def test_skip_link_takes_the_keyboard_past_the_menu(page):
    # The 404 page has one link in its main content, and it is in every project.
    page.goto("/no-such-page/")
    tab_to(page, SKIP_LINK)

    page.keyboard.press("Enter")

    assert tab_to(page, BACK_HOME, limit=1)
