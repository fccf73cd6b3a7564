"""Steps the browser tests of every app share: moving by keyboard, signing up, logging in."""

from django.urls import reverse
from playwright.sync_api import expect

from {{ cookiecutter.project_slug }}.users.tests.factories import PASSWORD


def tab_to(page, name, limit=30):
    """Press Tab until the element named ``name`` has focus; return the names passed."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        passed.append(focused)
        if focused == name:
            return passed
    raise AssertionError(f"{limit} presses of Tab never reached {name!r}: {passed}")


def sign_up(page, username):
    """Create an account through the sign-up form; the new user is then logged in."""
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email address").fill(f"{username}@example.com")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome")


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def log_in(page, username):
    page.goto(reverse("users:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name=username, exact=True)).to_be_visible()
