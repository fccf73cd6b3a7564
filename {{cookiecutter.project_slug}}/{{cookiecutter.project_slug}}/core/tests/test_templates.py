"""Every template keeps to the Content Security Policy: no inline code, nothing remote.

The policy would block inline scripts, styles and event handlers in the browser; this
test finds them before a visitor does.
"""

import re
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(PACKAGE_DIR.glob("*/templates/**/*.html"))
STYLESHEETS = sorted(PACKAGE_DIR.glob("*/static/**/*.css"))

FORBIDDEN_IN_HTML = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "address on another site": re.compile(
        r"""\b(?:src|href|action|srcset)\s*=\s*["']?(?:[a-z]+:)?//""", re.IGNORECASE
    ),
    # Reading the nonce makes every response's policy unique, which defeats caching.
    "CSP nonce": re.compile(r"csp_nonce"),
}
FORBIDDEN_IN_CSS = {
    "address on another site": re.compile(
        r"""(?:url\(\s*["']?|@import\s+["'])(?:[a-z]+:)?//""", re.IGNORECASE
    ),
}


def offences(path, rules):
    text = path.read_text(encoding="utf-8")
    return [name for name, pattern in rules.items() if pattern.search(text)]


def test_the_scan_finds_the_templates():
    assert PACKAGE_DIR / "core" / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_template_has_no_inline_code_or_remote_address(path):
    assert offences(path, FORBIDDEN_IN_HTML) == []


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_stylesheet_loads_nothing_from_other_sites(path):
    assert offences(path, FORBIDDEN_IN_CSS) == []


@pytest.mark.parametrize(
    ("html", "offence"),
    [
        ("<script>alert(1)</script>", "inline script"),
        ('<p style="color: red">', "style attribute"),
        ('<button onclick="go()">', "event handler attribute"),
        (
            '<script src="https://cdn.example.net/x.js"></script>',
            "address on another site",
        ),
        ('<img src="//cdn.example.net/x.png">', "address on another site"),
{% raw %}        ('<script src="/static/x.js" nonce="{{ csp_nonce }}">', "CSP nonce"),{% endraw %}
    ],
)
def test_the_rules_catch_what_they_forbid(tmp_path, html, offence):
    template = tmp_path / "bad.html"
    template.write_text(html, encoding="utf-8")

    assert offence in offences(template, FORBIDDEN_IN_HTML)
