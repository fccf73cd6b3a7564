"""Browser tests of the second factor in Chromium: an authenticator app's one-time
codes, and a passkey made and used through Chromium's virtual authenticator, each
with the site's Content Security Policy in force."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import expect

# One name a line, so that the block keeps its shape for any package name's length.
from {{ cookiecutter.project_slug }}.core.tests.browser_steps import (
    LOG_OUT,
    button,
    link,
    log_in,
    log_out,
    signed_in_as,
)

from .factories import PASSWORD
from .totp import totp_code

pytestmark = pytest.mark.browser

# allauth's names of its second-factor pages' fields and buttons.
CONFIRM = _("Confirm")
ACTIVATE = _("Activate")
ADD = _("Add")
SIGN_IN = _("Sign In")
SIGN_IN_WITH_A_PASSKEY = _("Sign in with a passkey")


def label(page, name):
    """The field labelled name: allauth's own fields, and Django's (with a colon)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(str(name))}:?\s*$"))


def give_the_password_again(page):
    """Sensitive pages ask for the password first: the re-authentication page."""
    expect(page).to_have_url(re.compile(reverse("account_reauthenticate")))
    label(page, _("Password")).fill(PASSWORD)
    button(page, CONFIRM).click()


def virtual_authenticator(page):
    """Chromium's stand-in for a phone or security key that keeps passkeys."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools


def test_a_member_enrols_an_authenticator_app_and_signs_in_with_a_code(
    page, user, page_errors
):
    log_in(page, user.username)
    page.goto(reverse("mfa_activate_totp"))
    give_the_password_again(page)
    secret = label(page, _("Authenticator secret")).input_value()
    label(page, _("Authenticator code")).fill(totp_code(secret))
    button(page, ACTIVATE).click()
    expect(page).not_to_have_url(re.compile(reverse("mfa_activate_totp")))
    assert Authenticator.objects.filter(user=user, type="totp").exists()

    log_out(page)
    page.goto(reverse("account_login"))
    label(page, _("Username")).fill(user.username)
    label(page, _("Password")).fill(PASSWORD)
    button(page, SIGN_IN).click()
    expect(page).to_have_url(re.compile(reverse("mfa_authenticate")))
    label(page, _("Code")).fill(totp_code(secret))
    button(page, SIGN_IN).click()

    expect(link(page, LOG_OUT)).to_be_visible()
    assert page_errors == []


def test_a_member_adds_a_passkey_and_signs_in_with_it_alone(page, user, page_errors):
    virtual_authenticator(page)
    log_in(page, user.username)
    page.goto(reverse("mfa_add_webauthn"))
    give_the_password_again(page)
    label(page, _("Name")).fill("Laptop")
    label(page, _("Passwordless")).check()
    button(page, ADD).click()
    expect(page).not_to_have_url(re.compile(reverse("mfa_add_webauthn")))
    assert Authenticator.objects.filter(user=user, type="webauthn").exists()

    log_out(page)
    page.goto(reverse("account_login"))
    button(page, SIGN_IN_WITH_A_PASSKEY).click()

    expect(signed_in_as(page)).to_have_text(user.username)
    assert page_errors == []
