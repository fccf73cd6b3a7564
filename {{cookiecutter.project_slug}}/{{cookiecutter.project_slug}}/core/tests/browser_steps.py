"""Steps the browser tests of every app share: moving by keyboard, signing up, logging in.

They speak the active language: under the ``language`` fixture, reverse() gives that
language's addresses and gettext (``_``) the words on its pages.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from {{ cookiecutter.project_slug }}.users.tests.factories import PASSWORD


def tab_to(page, name, limit=30):
    """Press Tab until the element named ``name`` has focus; return the names passed."""
    passed = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        passed.append(focused)
        if focused == name:
            return passed
    raise AssertionError(f"{limit} presses of Tab never reached {name!r}: {passed}")


def sign_up(page, username):
    """Create an account through the sign-up form; the new user is then logged in."""
    page.goto(reverse("core:home"))
    page.get_by_role("link", name=_("Sign up")).click()
    page.get_by_label(_("username")).fill(username)
    page.get_by_label(_("email address")).fill(f"{username}@example.com")
    page.get_by_label(f"{_('Password')}:", exact=True).fill(PASSWORD)
    page.get_by_label(_("Password confirmation")).fill(PASSWORD)
    page.get_by_role("button", name=_("Create account")).click()
    expect(page.get_by_role("status")).to_contain_text(
        _("Welcome! Your account is ready.")
    )


def log_out(page):
    page.get_by_role("button", name=_("Log out")).click()
    expect(page.get_by_role("link", name=_("Log in"))).to_be_visible()


def log_in(page, username):
    page.goto(reverse("users:login"))
    page.get_by_label(_("username")).fill(username)
    page.get_by_label(_("Password")).fill(PASSWORD)
    page.get_by_role("button", name=_("Log in")).click()
    expect(page.get_by_role("link", name=username, exact=True)).to_be_visible()
