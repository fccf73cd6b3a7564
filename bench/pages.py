"""Fetch the project's pages as a browser behind the TLS proxy would, and weigh them."""

import re
import sys

from servers import get

HOST = "example.com"
# What a TLS-terminating proxy and a browser send.
REQUEST_HEADERS = {
    "Host": HOST,
    "X-Forwarded-Proto": "https",
    "Accept-Encoding": "br, gzip",
}


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


def check_page(port, path):
    response, _ = get(port, path, REQUEST_HEADERS)
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}, not 200")
