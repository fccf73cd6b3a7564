"""What the browser tests of every app share: how they find things, and common steps.

They find elements the way a person using a screen reader does: by role (link,
button, heading...) and by exact accessible name, so that a new link, a new form
field or a reordered form does not change what they find. The visible names they
use are kept here, once; form fields are found by the labels their forms give them.

They speak the active language: under the ``language`` fixture, reverse() gives that
language's addresses, and the names below (translated when used) the words on its pages.
"""

import re

from allauth.account.forms import LoginForm
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import expect

from {{ cookiecutter.project_slug }}.users.forms import SignUpForm
from {{ cookiecutter.project_slug }}.users.tests.factories import PASSWORD

# The names of the links and buttons the tests use, as the templates write them.
SKIP_LINK = _("Skip to content")
SIGN_UP = _("Sign up")
LOG_IN = _("Log in")
LOG_OUT = _("Log out")
# allauth's own words on its pages.
CREATE_ACCOUNT = _("Sign Up")
SIGN_IN = _("Sign In")
SIGN_OUT = _("Sign Out")
CONFIRM = _("Confirm")
SAVE = _("Save")
BACK_HOME = _("Back to the home page")


def link(page, name):
    """The one link named exactly ``name``."""
    return page.get_by_role("link", name=str(name), exact=True)


def signed_in_as(page):
    """The name of the reader the layout's header says is signed in."""
    return page.locator(".site-header .reader")


def button(page, name):
    """The one button named exactly ``name``."""
    return page.get_by_role("button", name=str(name), exact=True)


def field(page, form, name):
    """The control of the form field ``name``, found by the exact label its form (a
    form class, or a form made with the arguments it needs) gives it; Django adds a
    colon when it renders the label."""
    if isinstance(form, type):
        form = form()
    label = str(form.fields[name].label)
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def tab_to(page, name, limit=30):
    """Press Tab until the element named ``name`` has focus; return the names passed.

    Wait for the page to load first: Tab does not wait for a navigation to finish."""
    name = str(name)
    passed = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        passed.append(focused)
        if focused == name:
            return passed
    raise AssertionError(f"{limit} presses of Tab never reached {name!r}: {passed}")


def sign_up(page, username):
    """Create an account through the sign-up form, follow the link it mails, and
    log in with it."""
    page.goto(reverse("core:home"))
    link(page, SIGN_UP).click()
    address = f"{username}@example.com"
    field(page, SignUpForm, "username").fill(username)
    field(page, SignUpForm, "email").fill(address)
    field(page, SignUpForm, "password1").fill(PASSWORD)
    field(page, SignUpForm, "password2").fill(PASSWORD)
    button(page, CREATE_ACCOUNT).click()
    expect(page).to_have_url(re.compile(reverse("account_email_verification_sent")))
    # The test settings run the mail task at once and keep the mail in memory.
    [message] = [message for message in mail.outbox if address in message.to]
    page.goto(re.search(r"https?://[^/\s]+(/\S+)", message.body)[1])
    button(page, CONFIRM).click()
    log_in(page, username)


def log_out(page):
    """Follow the layout's log-out link; allauth's page asks, and a button confirms."""
    link(page, LOG_OUT).click()
    button(page, SIGN_OUT).click()
    expect(link(page, LOG_IN)).to_be_visible()


def log_in(page, username):
    page.goto(reverse("account_login"))
    field(page, LoginForm, "login").fill(username)
    field(page, LoginForm, "password").fill(PASSWORD)
    button(page, SIGN_IN).click()
    expect(signed_in_as(page)).to_have_text(username)
