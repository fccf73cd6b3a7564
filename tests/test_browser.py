"""The default bake in production mode, seen by a real browser.

Every page a visitor or a signed-in author can reach, in English and in Brazilian
Portuguese, is saved and checked: the Nu HTML Checker finds no error, axe-core no
accessibility violation in either colour scheme.
Lighthouse scores the public pages, the home page is weighed as sent, and the README's
screenshots are taken. One gunicorn serves them all.
"""

import json
import os
import re
import shutil
import struct
import sys
import time

import pytest
from conftest import TEMPLATE_DIR, run
from servers import get, gunicorn, prepare_production, require_binary
from test_media import run_worker_until_idle

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NODE_MODULES = TEMPLATE_DIR / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
SCREENSHOTS_DIR = TEMPLATE_DIR / "build" / "screenshots"

PASSWORD = "demo-password-for-browser-checks"
POST = "/blog/demo-models/"
# A post with a cover image, seventh on the list: the list and the post show a picture,
# and the home page's five latest posts stay as they were weighed.
COVER_POST = "/blog/a-post-with-a-picture/"
# (name, path) of what anyone may see, then of what the demo author sees.
VISITOR_PAGES = [
    ("home", "/"),
    ("post_list", "/blog/"),
    ("post_detail", POST),
    ("post_with_cover", COVER_POST),
    ("login", "/accounts/login/"),
    ("signup", "/accounts/signup/"),
    ("password_reset", "/accounts/password/reset/"),
    ("password_reset_done", "/accounts/password/reset/done/"),
    ("password_reset_bad_link", "/accounts/password/reset/key/1-not-a-token/"),
    ("password_reset_complete", "/accounts/password/reset/key/done/"),
    ("email_verification_sent", "/accounts/confirm-email/"),
    ("email_confirm_bad_link", "/accounts/confirm-email/not-a-key/"),
    ("not_found", "/no-such-page/"),
]
VISITOR_PAGES += [(f"{name}_pt", f"/pt-br{path}") for name, path in VISITOR_PAGES]
AUTHOR_PAGES = [
    ("post_detail_as_author", POST),
    ("post_create", "/blog/new/"),
    ("post_update", f"{POST}edit/"),
    ("post_delete", f"{POST}delete/"),
    ("draft_list", "/blog/drafts/"),
    ("account", "/accounts/"),
    ("password_change", "/accounts/password/change/"),
    # Each asks for the password again after a while: given just before.
    ("email", "/accounts/email/"),
    ("second_factor", "/accounts/2fa/"),
    ("totp_activate", "/accounts/2fa/totp/activate/"),
    ("passkey_add", "/accounts/2fa/webauthn/add/"),
    ("delete_account", "/accounts/delete/"),
    # It only asks; its form logs out.
    ("logout", "/accounts/logout/"),
]
AUTHOR_PAGES += [(f"{name}_pt", f"/pt-br{path}") for name, path in AUTHOR_PAGES]
# Wrong passwords for one account before its log-ins pause (the production default of
# DJANGO_RATE_LIMIT_LOGIN_FAILED), and an account to pause per colour scheme.
LOGIN_FAILURE_LIMIT = 5
PAUSED_ACCOUNTS = {"light": "nobody-light", "dark": "nobody-dark"}
LIGHTHOUSE_PAGES = [
    "/",
    "/blog/",
    POST,
    COVER_POST,
    "/accounts/password/reset/",
    "/pt-br/",
    f"/pt-br{POST}",
]
# What each language calls the buttons the checks press, and a phrase on every page.
WORDS = {
    "en": {"Sign In": "Sign In", "Sign Up": "Sign Up"},
    "pt": {"Sign In": "Entrar", "Sign Up": "Cadastrar-se"},
}
EVERY_PAGE_SAYS = {"en": "Skip to content", "pt": "Pular para o conteúdo"}
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE_ATTEMPTS = 3
MINIMUM_SCORE = 0.95
# cookiecutter-django's home page weighs about 38 kB compressed.
MAXIMUM_HOME_WEIGHT = 8 * 1024
# The post with its cover as a phone loads it: the page, its stylesheet and icon, and
# the cover's smallest rendition (never the original, which alone weighs more).
MAXIMUM_COVER_POST_WEIGHT = 10 * 1024
SCREENSHOT_SIZES = {"desktop": (1200, 800), "phone": (390, 844)}


def chromium_path():
    return os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE") or require_binary(
        "chromium"
    )


def node_tool(path):
    """A tool from node_modules; skip without it, but fail under CI=true."""
    if not path.exists():
        message = (
            f"{path.relative_to(TEMPLATE_DIR)} is missing: run `make install-node`"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def served(bake, tmp_path_factory):
    """Gunicorn serving the seeded bilingual bake with production settings: its base
    URL, the bake's path and the environment it runs in.

    Plain HTTP without the redirect to HTTPS: browsers treat http://127.0.0.1 as a
    secure context (so secure cookies work), and Lighthouse needs the plain URL.
    """
    project = bake("portuguese")
    workdir = tmp_path_factory.mktemp("browser")
    # No nginx in front: Django serves the uploads, as under `make prod-local`.
    env = prepare_production(
        project, workdir, DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SERVE_MEDIA="true"
    )
    seed = [sys.executable, "manage.py", "seed_demo", "--password", PASSWORD]
    run(seed, cwd=project, env=env)
    run(
        [sys.executable, "manage.py", "shell", "-c", WITH_A_COVER], cwd=project, env=env
    )
    run_worker_until_idle(project, env)  # its renditions
    with gunicorn(project, env, workdir) as (port, _process, _log):
        yield f"http://127.0.0.1:{port}", project, env


# A post whose cover went through the post's own form, as an author's upload does.
WITH_A_COVER = """
from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from my_site.blog.forms import PostForm
from my_site.users.models import User

picture = BytesIO()
sky = Image.linear_gradient("L").resize((1200, 800)).convert("RGB")
sky.save(picture, "JPEG", quality=85)
form = PostForm(
    data={
        "title": "A post with a picture",
        "body": "The sky over the hill, this morning.",
        "cover_alt": "A grey sky fading to white",
        "status": "published",
    },
    files={"cover": SimpleUploadedFile("sky.jpg", picture.getvalue(), "image/jpeg")},
)
assert form.is_valid(), form.errors
post = form.save(commit=False)
post.author = User.objects.get(username="demo")
post.published_at = timezone.now() - timedelta(days=6, hours=12)
post.save()
"""


@pytest.fixture(scope="module")
def site(served):
    return served[0]


@pytest.fixture(scope="module")
def reset_path(served):
    """The path of a valid password-reset link for the demo user, as its mail has it."""
    _site, project, env = served
    code = (
        "from allauth.account.forms import default_token_generator as tokens; "
        "from allauth.account.utils import user_pk_to_url_str; "
        "from django.contrib.auth import get_user_model; "
        "from django.urls import reverse; "
        "user = get_user_model().objects.get(username='demo'); "
        "print(reverse('account_reset_password_from_key', kwargs={'uidb36': "
        "user_pk_to_url_str(user), 'key': tokens.make_token(user)}))"
    )
    shell = [sys.executable, "manage.py", "shell", "-c", code]
    return run(shell, cwd=project, env=env).stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        yield browser
        browser.close()


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("link", name="Log out").wait_for()


def axe_violations(page):
    """axe-core's findings on the page: [(rule, [elements...]), ...]."""
    page.add_script_tag(path=AXE)
    violations = page.evaluate("async () => (await axe.run()).violations")
    return [
        (v["id"], [" ".join(node["target"]) for node in v["nodes"]]) for v in violations
    ]


def visit_every_page(browser, site, reset_path, scheme):
    """{page name: (HTML as sent, axe violations)} for every page, in one scheme."""
    # bypass_csp lets axe's script in; the site's policy would rightly refuse it.
    context = browser.new_context(base_url=site, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    seen = {}

    def check(name, response, status=200):
        assert response.status == status, f"{name}: {response.status}"
        html = response.text()
        # Each page speaks its language, in its words as well as its lang attribute.
        language = "pt" if name.endswith("_pt") else "en"
        assert f'<html lang="{"pt-br" if language == "pt" else "en"}">' in html, name
        assert EVERY_PAGE_SAYS[language] in html, name
        seen[name] = (html, axe_violations(page))

    for name, path in VISITOR_PAGES:
        check(name, page.goto(path), 404 if name.startswith("not_found") else 200)

    # The password-reset link as mailed: it leads to the form for a new password.
    check("password_reset_confirm", page.goto(reset_path))

    for language, prefix in (("en", ""), ("pt", "/pt-br")):
        suffix = "_pt" if language == "pt" else ""
        # A form sent without its CSRF cookie gets the "Form expired" page.
        page.goto(f"{prefix}/accounts/login/")
        context.clear_cookies()
        with page.expect_navigation() as navigation:
            page.get_by_role(
                "button", name=WORDS[language]["Sign In"], exact=True
            ).click()
        check(f"csrf_failure{suffix}", navigation.value, 403)

        # A form with errors: its inline messages must be valid and accessible too.
        page.goto(f"{prefix}/accounts/signup/")
        with page.expect_navigation() as navigation:
            page.get_by_role(
                "button", name=WORDS[language]["Sign Up"], exact=True
            ).click()
        check(f"signup_with_errors{suffix}", navigation.value)

    log_in(page)
    # The pages for sensitive changes ask for the password again first: give it, so
    # that the pages themselves are checked.
    page.goto("/accounts/reauthenticate/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.get_by_role("link", name="Log out").wait_for()
    for name, path in AUTHOR_PAGES:
        check(name, page.goto(path))
    context.close()

    # Too many wrong passwords for one account: the 429 page. One account per scheme,
    # so the demo user's log-ins still work.
    context = browser.new_context(base_url=site, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    for _ in range(LOGIN_FAILURE_LIMIT + 1):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(PAUSED_ACCOUNTS[scheme])
        page.get_by_label("Password").fill("not-the-password")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Sign In", exact=True).click()
    check("too_many_tries", navigation.value, 429)
    context.close()
    return seen


@pytest.fixture(scope="module")
def pages(browser, site, reset_path):
    """Every page in both colour schemes: {scheme: {name: (html, violations)}}."""
    node_tool(AXE)
    return {
        scheme: visit_every_page(browser, site, reset_path, scheme)
        for scheme in ("light", "dark")
    }


def test_every_page_is_valid_html(pages, tmp_path):
    java = require_binary("java")
    vnu = node_tool(VNU)
    for name, (html, _violations) in pages["light"].items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")

    result = run(
        [
            java,
            "-jar",
            vnu,
            "--format",
            "json",
            "--stdout",
            *sorted(tmp_path.glob("*.html")),
        ],
        cwd=tmp_path,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]

    print(f"Nu HTML Checker: {len(pages['light'])} pages, {len(errors)} errors")
    assert len(pages["light"]) == len(VISITOR_PAGES) + len(AUTHOR_PAGES) + 6
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(pages, scheme):
    violations = {
        name: found for name, (_html, found) in pages[scheme].items() if found
    }

    assert violations == {}


def lighthouse_scores(url, workdir):
    """Lighthouse's category scores for url, or None when its run produced none."""
    report = workdir / "report.json"
    report.unlink(missing_ok=True)
    result = run(
        [
            node_tool(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
            # The mobile preset multiplies every CPU task by four, so a machine busy
            # with the rest of make test dragged the performance score down; the
            # desktop preset runs the same audits at the CPU's own speed.
            "--preset=desktop",
            "--chrome-flags=--headless=new --no-sandbox",
        ],
        cwd=workdir,
        env={"CHROME_PATH": chromium_path()},
        check=False,
    )
    if not report.exists():
        print(f"Lighthouse wrote no report:\n{result.stderr[-2000:]}")
        return None
    data = json.loads(report.read_text())
    scores = {name: data["categories"][name]["score"] for name in LIGHTHOUSE_CATEGORIES}
    if None in scores.values():
        # A failed trace (for example NO_NAVSTART on a busy machine) scores nothing.
        print(f"Lighthouse scored nothing: {data.get('runtimeError')}")
        return None
    return scores


@pytest.mark.parametrize("path", LIGHTHOUSE_PAGES)
def test_lighthouse_scores_the_public_pages_highly(site, path, tmp_path):
    require_binary("node")

    # Runs again only when Lighthouse itself failed to record the page, which a busy
    # machine can cause (NO_NAVSTART); low scores are never retried.
    for _attempt in range(LIGHTHOUSE_ATTEMPTS):
        if (scores := lighthouse_scores(f"{site}{path}", tmp_path)) is not None:
            break
        time.sleep(2)

    assert scores is not None, (
        f"Lighthouse failed {LIGHTHOUSE_ATTEMPTS} times to score the page"
    )
    print(f"Lighthouse {path}: {scores}")
    assert min(scores.values()) >= MINIMUM_SCORE, scores


def test_home_page_with_everything_it_loads_weighs_at_most_8_kb(site):
    port = int(site.rsplit(":", 1)[1])
    headers = {"Accept-Encoding": "br, gzip"}
    response, html = get(port, "/", headers)
    assert response.status == 200
    linked = re.findall(rb'<(?:link|script|img)\b[^>]*\b(?:href|src)="(/[^"]+)"', html)
    weights = {"/": sent_size(response, html)}
    for url in linked:
        response, body = get(port, url.decode(), headers)
        assert response.status == 200, url
        weights[url.decode()] = sent_size(response, body)

    total = sum(weights.values())
    print(f"Home page weight as sent: {total} bytes {weights}")
    assert len(weights) >= 3  # the page, its stylesheet and its icon
    assert total <= MAXIMUM_HOME_WEIGHT


def test_a_post_with_its_cover_weighs_at_most_10_kb_on_a_phone(site):
    port = int(site.rsplit(":", 1)[1])
    headers = {"Accept-Encoding": "br, gzip"}
    response, html = get(port, COVER_POST, headers)
    assert response.status == 200
    linked = re.findall(rb'<(?:link|script)\b[^>]*\b(?:href|src)="(/[^"]+)"', html)
    weights = {COVER_POST: sent_size(response, html)}
    for url in linked:
        response, body = get(port, url.decode(), headers)
        weights[url.decode()] = sent_size(response, body)
    cover = re.search(rb'<img src="(/media/covers/[^"]+)" srcset="([^"]+)"', html)
    candidates = [each.split() for each in cover[2].decode().split(", ")]
    smallest = min(candidates, key=lambda candidate: int(candidate[1].rstrip("w")))[0]
    response, body = get(port, smallest, headers)
    assert response.status == 200
    weights[smallest] = sent_size(response, body)
    _, original_body = get(port, cover[1].decode(), headers)

    total = sum(weights.values())
    print(f"Post with its cover, as a phone loads it: {total} bytes {weights}")
    assert smallest.endswith("-480w.webp")
    assert len(body) < len(original_body)
    assert total <= MAXIMUM_COVER_POST_WEIGHT


def sent_size(response, body):
    """Bytes on the wire: status line, headers and (compressed) body."""
    status_line = len(f"HTTP/1.1 {response.status} {response.reason}\r\n")
    header_lines = sum(len(f"{k}: {v}\r\n") for k, v in response.getheaders())
    return status_line + header_lines + 2 + len(body)


def png_size(path):
    """(width, height) read from a PNG file's header."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_screenshots_of_the_home_page_and_a_post(browser, site):
    """The README's pictures: both pages, desktop and phone, light and dark."""
    shutil.rmtree(SCREENSHOTS_DIR, ignore_errors=True)
    SCREENSHOTS_DIR.mkdir(parents=True)
    for scheme in ("light", "dark"):
        for device, (width, height) in SCREENSHOT_SIZES.items():
            context = browser.new_context(
                base_url=site,
                color_scheme=scheme,
                viewport={"width": width, "height": height},
            )
            page = context.new_page()
            for name, path in (("home", "/"), ("post", POST)):
                page.goto(path)
                page.screenshot(path=SCREENSHOTS_DIR / f"{name}-{device}-{scheme}.png")
            context.close()

    taken = sorted(SCREENSHOTS_DIR.glob("*.png"))
    print(f"Screenshots in {SCREENSHOTS_DIR}: {[p.name for p in taken]}")
    assert len(taken) == 8
    assert (
        png_size(SCREENSHOTS_DIR / "post-phone-dark.png") == SCREENSHOT_SIZES["phone"]
    )
    assert png_size(SCREENSHOTS_DIR / "home-desktop-light.png") == (1200, 800)
