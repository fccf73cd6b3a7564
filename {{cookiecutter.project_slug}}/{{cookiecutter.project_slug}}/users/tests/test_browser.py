"""Browser tests of the account pages: sign up, log out, log in, reset a forgotten
password; errors in place."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext as _
from playwright.sync_api import expect

# One name a line, so that the block keeps its shape for any package name's length.
from {{ cookiecutter.project_slug }}.core.tests.browser_steps import (
    log_in,
    log_out,
    sign_up,
)

pytestmark = pytest.mark.browser


def test_a_visitor_signs_up_logs_out_and_logs_in_again(page, language):
    sign_up(page, "newcomer")
    expect(page.get_by_role("link", name="newcomer", exact=True)).to_be_visible()

    log_out(page)
    log_in(page, "newcomer")

    expect(page.get_by_role("button", name=_("Log out"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_a_visitor_who_forgot_the_password_resets_it_by_mail(page, user):
    new_password = "a-brand-new-passphrase-42"
    page.goto(reverse("users:login"))
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(user.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your mail")).to_be_visible()

    # The test settings run the mail task at once and keep the mail in memory.
    [message] = mail.outbox
    page.goto(re.search(r"https?://[^/\s]+(/\S+)", message.body)[1])
    page.get_by_label("New password:", exact=True).fill(new_password)
    page.get_by_label("New password confirmation").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(new_password)
    page.get_by_role("button", name="Log in").click()
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
