"""Browser tests of the account pages: sign up, log out, log in, reset a forgotten
password; errors in place."""

import re

import pytest
from allauth.account.forms import LoginForm, ResetPasswordKeyForm
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import expect

# One name a line, so that the block keeps its shape for any package name's length.
from {{ cookiecutter.project_slug }}.core.tests.browser_steps import (
    CREATE_ACCOUNT,
    LOG_OUT,
    SIGN_IN,
    button,
    field,
    link,
    log_in,
    log_out,
    sign_up,
)

from ..forms import QueuedResetPasswordForm, SignUpForm

pytestmark = pytest.mark.browser

# allauth's names of the reset pages' links and buttons.
FORGOT_PASSWORD = _("Forgot your password?")
RESET_MY_PASSWORD = _("Reset My Password")
CHANGE_PASSWORD = _("Change Password")


def test_a_visitor_signs_up_logs_out_and_logs_in_again(page, language):
    sign_up(page, "newcomer")

    log_out(page)
    log_in(page, "newcomer")

    expect(link(page, LOG_OUT)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_a_visitor_who_forgot_the_password_resets_it_by_mail(page, user):
    new_password = "a-brand-new-passphrase-42"
    page.goto(reverse("account_login"))
    link(page, FORGOT_PASSWORD).click()
    field(page, QueuedResetPasswordForm, "email").fill(user.email)
    button(page, RESET_MY_PASSWORD).click()
    expect(page).to_have_url(re.compile(reverse("account_reset_password_done") + "$"))

    # The test settings run the mail task at once and keep the mail in memory.
    [message] = mail.outbox
    page.goto(re.search(r"https?://[^/\s]+(/\S+)", message.body)[1])
    field(page, ResetPasswordKeyForm, "password1").fill(new_password)
    field(page, ResetPasswordKeyForm, "password2").fill(new_password)
    button(page, CHANGE_PASSWORD).click()
    expect(page).to_have_url(
        re.compile(reverse("account_reset_password_from_key_done") + "$")
    )

    page.goto(reverse("account_login"))
    field(page, LoginForm, "login").fill(user.username)
    field(page, LoginForm, "password").fill(new_password)
    button(page, SIGN_IN).click()
    expect(link(page, LOG_OUT)).to_be_visible()


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
        re.compile("same password each time")
    )
    expect(page).to_have_url(re.compile(reverse("account_signup") + "$"))
