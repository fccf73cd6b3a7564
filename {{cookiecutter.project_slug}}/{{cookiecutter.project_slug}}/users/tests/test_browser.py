"""Browser tests of the account pages: sign up, log out, log in; errors in place."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from {{ cookiecutter.project_slug }}.core.tests.browser_steps import log_in, log_out, sign_up

pytestmark = pytest.mark.browser


def test_a_visitor_signs_up_logs_out_and_logs_in_again(page):
    sign_up(page, "newcomer")
    expect(page.get_by_role("link", name="newcomer", exact=True)).to_be_visible()

    log_out(page)
    log_in(page, "newcomer")

    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_an_invalid_sign_up_shows_each_error_beside_its_field(page):
    page.goto(reverse("users:signup"))
    page.get_by_label("Password:", exact=True).fill("first-choice-123")
    page.get_by_label("Password confirmation").fill("second-thought-456")

    page.get_by_role("button", name="Create account").click()

    username = page.get_by_label("Username")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(
        re.compile("This field is required")
    )
    expect(page.get_by_label("Password confirmation")).to_have_accessible_description(
        re.compile("password fields didn.t match")
    )
    expect(page).to_have_url(re.compile(reverse("users:signup") + "$"))
