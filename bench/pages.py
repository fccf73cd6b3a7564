"""The pages the bench loads; fetch them as a browser behind the TLS proxy would, and
weigh them."""

import re
import sys
from dataclasses import dataclass
from urllib.parse import urljoin

from servers import get

HOST = "example.com"
# What a TLS-terminating proxy and a browser send.
REQUEST_HEADERS = {
    "Host": HOST,
    "X-Forwarded-Proto": "https",
    "Accept-Encoding": "br, gzip",
}


@dataclass(frozen=True)
class Page:
    """One row of the bench: a page, the visitor who asks for it, and its kind.

    path may name {post} (a seeded post's address, with comments), {older} (the
    list's second page, as its "Older posts" link gives it) or {stylesheet} (the home
    page's stylesheet). The kind sets what the page is compared with and its target
    (report.RATIO_TARGETS): "anonymous" pages come from the page cache and "static"
    files from WhiteNoise, both against the ceiling; "signed in" pages are rendered for
    the bench user on every request, against the floor (bench/floor/). An
    optional page that the bake does not serve (404, say a language left out at bake
    time) is left out of the run.
    """

    name: str
    path: str
    kind: str = "anonymous"
    optional: bool = False

    @property
    def signed_in(self):
        return self.kind in SIGNED_IN_KINDS

    @property
    def baseline(self):
        """What the page's runs are divided by: "ceiling" or "floor"."""
        return "floor" if self.kind == "signed in" else "ceiling"


# Where bench/floor/urls.py serves the floor.
FLOOR_PATH = "/bench/floor/"
# The floor is itself a signed-in request, measured against the ceiling.
SIGNED_IN_KINDS = {"signed in", "floor"}
FLOOR = Page("floor (signed in, no page)", FLOOR_PATH, kind="floor")

# Add a row here to bench another page.
PAGES = [
    Page("/", "/"),
    Page("/pt-br/", "/pt-br/", optional=True),
    Page("/blog/", "/blog/"),
    Page("/blog/ page 2", "{older}"),
    Page("post", "{post}"),
    Page("stylesheet", "{stylesheet}", kind="static"),
    FLOOR,
    Page("signed-in /", "/", kind="signed in"),
    Page("signed-in /blog/", "/blog/", kind="signed in"),
    Page("signed-in post", "{post}", kind="signed in"),
    Page("signed-in drafts", "/blog/drafts/", kind="signed in"),
    Page("signed-in account", "/accounts/", kind="signed in"),
]


def asset_urls(html):
    """Addresses of the stylesheets, icons, scripts and images a page links to."""
    tags = re.findall(r"<(?:link|script|img)\b[^>]*>", html)
    urls = []
    for tag in tags:
        match = re.search(r'\b(?:href|src)="([^"]+)"', tag)
        if match and (
            not tag.startswith("<link") or "stylesheet" in tag or "icon" in tag
        ):
            urls.append(match.group(1))
    return urls


def page_weight(port, path):
    """Bytes of the page's body and its assets' bodies, as sent to a browser."""
    response, body = get(port, path, REQUEST_HEADERS)
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}")
    weights = {path: len(body)}
    for url in asset_urls(body.decode()):
        asset, asset_body = get(port, url, REQUEST_HEADERS)
        if asset.status != 200:
            sys.exit(f"{url} (linked from {path}) answered {asset.status}")
        weights[url] = len(asset_body)
    return weights


def older_posts_url(port):
    """The address the post list's "Older posts" link (rel="next") points to."""
    _, html = get(port, "/blog/", REQUEST_HEADERS)
    match = re.search(r'<a href="([^"]+)" rel="next"', html.decode())
    if match is None:
        sys.exit("/blog/ has no link to older posts: seed more than a page of posts")
    # The link is relative to the list (?after=...).
    return urljoin("/blog/", match.group(1).replace("&amp;", "&"))


def answers(port, path, headers=None):
    """Whether path answers 200 (with these extra request headers)."""
    response, _ = get(port, path, {**REQUEST_HEADERS, **(headers or {})})
    return response.status == 200


def check_page(port, path, headers=None):
    if not answers(port, path, headers):
        sys.exit(f"{path} does not answer 200")
