"""Browser tests of the account pages: sign up, log out, log in, reset a forgotten
password; errors in place."""

import re

import pytest
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import expect

# One name a line, so that the block keeps its shape for any package name's length.
from {{ cookiecutter.project_slug }}.core.tests.browser_steps import (
    CREATE_ACCOUNT,
    LOG_IN,
    LOG_OUT,
    button,
    field,
    link,
    log_in,
    log_out,
    sign_up,
)

from ..forms import QueuedPasswordResetForm, SignUpForm

pytestmark = pytest.mark.browser

# The names of the account pages' own links and buttons, as their templates write them.
FORGOT_PASSWORD = _("Forgot your password?")
SEND_THE_LINK = _("Send the link")
CHANGE_PASSWORD = _("Change password")


def test_a_visitor_signs_up_logs_out_and_logs_in_again(page, language):
    sign_up(page, "newcomer")
    expect(link(page, "newcomer")).to_be_visible()

    log_out(page)
    log_in(page, "newcomer")

    expect(button(page, LOG_OUT)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_a_visitor_who_forgot_the_password_resets_it_by_mail(page, user):
    new_password = "a-brand-new-passphrase-42"
    page.goto(reverse("account_login"))
    link(page, FORGOT_PASSWORD).click()
    field(page, QueuedPasswordResetForm, "email").fill(user.email)
    button(page, SEND_THE_LINK).click()
    expect(page).to_have_url(re.compile(reverse("account_reset_password_done") + "$"))

    # The test settings run the mail task at once and keep the mail in memory.
    [message] = mail.outbox
    page.goto(re.search(r"https?://[^/\s]+(/\S+)", message.body)[1])
    new_password_form = SetPasswordForm(user)
    field(page, new_password_form, "new_password1").fill(new_password)
    field(page, new_password_form, "new_password2").fill(new_password)
    button(page, CHANGE_PASSWORD).click()
    expect(page).to_have_url(re.compile(reverse("account_reset_password_complete") + "$"))

    link(page.get_by_role("main"), LOG_IN).click()
    field(page, AuthenticationForm, "username").fill(user.username)
    field(page, AuthenticationForm, "password").fill(new_password)
    button(page, LOG_IN).click()
    expect(button(page, LOG_OUT)).to_be_visible()


def test_an_invalid_sign_up_shows_each_error_beside_its_field(page):
    page.goto(reverse("account_signup"))
    field(page, SignUpForm, "password1").fill("first-choice-123")
    field(page, SignUpForm, "password2").fill("second-thought-456")

    button(page, CREATE_ACCOUNT).click()

    username = field(page, SignUpForm, "username")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(
        re.compile("This field is required")
    )
    expect(field(page, SignUpForm, "password2")).to_have_accessible_description(
        re.compile("password fields didn.t match")
    )
    expect(page).to_have_url(re.compile(reverse("account_signup") + "$"))
