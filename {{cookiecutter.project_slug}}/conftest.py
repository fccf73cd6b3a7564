"""Fixtures shared by every app's tests."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from {{ cookiecutter.project_slug }}.users.tests.factories import make_user

# Browsers the end-to-end tests look for on PATH, unless this variable names one.
CHROMIUM_VARIABLE = "PLAYWRIGHT_CHROMIUM_EXECUTABLE"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(autouse=True)
def empty_caches():
    # The caches outlive each test's database rollback: start and end empty, so a
    # cached page or fragment never leaks from one test into another.
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def default_language():
    # Django leaves the language of the last request active in the thread: each test
    # starts again in the site's default language.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(params=[code for code, _name in settings.LANGUAGES])
def language(request):
    """Each language the site speaks in turn, active in the test: reverse() gives its
    addresses and gettext() its words, so one browser flow runs in every language."""
    with translation.override(request.param):
        yield request.param


@pytest.fixture
def user(db):
    return make_user()


def find_chromium():
    """The browser to drive: skip the test without one, but fail under CI=true."""
    path = os.environ.get(CHROMIUM_VARIABLE) or next(
        filter(None, map(shutil.which, CHROMIUM_NAMES)), None
    )
    if path is None:
        message = f"no Chromium found: install one or set {CHROMIUM_VARIABLE}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser():
    """Chromium, started once for each module of browser tests."""
    # Imported here: loading Playwright slows the start of every test run, and only
    # the browser tests need it.
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    # Playwright's sync API runs an asyncio event loop in this thread, and Django
    # refuses database queries from a thread with a running loop. The queries are
    # plain synchronous ones, so they are safe here.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # Chromium's sandbox cannot start as root (as in CI containers).
            args = ["--no-sandbox"] if os.geteuid() == 0 else []
            browser = playwright.chromium.launch(executable_path=executable, args=args)
            yield browser
            browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab, with no cookies, whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_errors(page):
    """What the page logs as errors: a failing script, or whatever the Content
    Security Policy blocks (an inline style or script, say)."""
    errors = []

    def keep_errors(message):
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep_errors)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
