"""Tests of the home page, the site layout and the error pages."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_renders_the_layout(client):
    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert "core/home.html" in [t.name for t in response.templates]
    assert "base.html" in [t.name for t in response.templates]
    assert response.context["site_title"]


def test_the_icon_browsers_ask_for_leads_to_the_sites_own(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("/core/favicon.svg")
    assert finders.find("core/favicon.svg")


def test_anonymous_visitors_are_offered_log_in_and_sign_up(client):
    response = client.get(reverse("core:home"))

    assert reverse("account_login").encode() in response.content
    assert reverse("account_signup").encode() in response.content


def test_signed_in_users_see_their_name_and_a_log_out_link(client, user):
    client.force_login(user)

    response = client.get(reverse("core:home"))

    assert user.username.encode() in response.content
    assert f'href="{reverse("account_logout")}"'.encode() in response.content


def test_the_layout_names_each_reader_though_its_links_are_kept(
    client, django_user_model
):
    # The links are kept once made; the name beside them is rendered for each request.
    alice = django_user_model.objects.create_user("alice")
    bob = django_user_model.objects.create_user("bob")
    for reader, other in [(alice, bob), (bob, alice), (alice, bob)]:
        client.force_login(reader)

        page = client.get(reverse("core:home")).content.decode()

        assert f'<li class="reader">{reader.username}</li>' in page
        assert other.username not in page
        assert f'href="{reverse("users:account")}"' in page
        assert f'href="{reverse("account_login")}"' not in page

    client.logout()
    page = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("account_signup")}"' in page
    assert f'href="{reverse("account_logout")}"' not in page
    assert "alice" not in page


def test_a_page_without_a_form_sets_no_csrf_cookie(client, user):
    # The log-out link leads to a page with the form: the layout needs no token.
    client.force_login(user)

    response = client.get(reverse("core:home"))

    assert b"csrfmiddlewaretoken" not in response.content
    assert settings.CSRF_COOKIE_NAME not in response.cookies


def test_pages_link_the_stylesheet_and_carry_a_content_security_policy(client):
    response = client.get(reverse("core:home"))

    assert b"core/site.css" in response.content
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self';" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_our_pages_send_the_same_policy_every_time(client):
    """No nonce is read, so none is sent: a cache may keep the page with its header."""
    first = client.get(reverse("core:home"))["Content-Security-Policy"]
    second = client.get(reverse("account_login"))["Content-Security-Policy"]

    assert first == second
    assert "nonce-" not in first


@pytest.mark.django_db
def test_admin_pages_mark_their_scripts_with_the_policy_nonce(admin_client):
    response = admin_client.get(reverse("admin:index"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)

    assert f'nonce="{nonce}"'.encode() in response.content


def test_every_response_forbids_other_sites_to_embed_it(client):
    page = client.get(reverse("core:home"))
    missing = client.get("/no-such-page/")

    assert page["Cross-Origin-Resource-Policy"] == "same-origin"
    assert missing["Cross-Origin-Resource-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["Referrer-Policy"] == "same-origin"


@override_settings(DEBUG=False)
def test_unknown_url_shows_the_site_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert b"Page not found" in response.content


def test_csrf_failure_shows_the_site_403_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})

    assert response.status_code == 403
    assert b"Form expired" in response.content


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Bad request"),
        ("403.html", "Forbidden"),
        ("404.html", "Page not found"),
        ("500.html", "Server error"),
    ],
)
def test_error_templates_render_without_a_request(template, heading):
    """Django renders 500.html with no context at all; it must still work."""
    html = render_to_string(template)

    assert heading in html
    assert reverse("core:home") in html


def test_robots_txt_points_crawlers_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert b"User-agent: *" in response.content
    assert b"Sitemap: http://testserver/sitemap.xml" in response.content


def test_the_sitemap_index_leads_to_the_home_page(client):
    index = client.get("/sitemap.xml")
    pages = client.get("/sitemap-pages.xml")

    assert index.status_code == 200
    assert b"<loc>http://testserver/sitemap-pages.xml</loc>" in index.content
    assert b"<loc>http://testserver/</loc>" in pages.content


def test_links_for_crawlers_use_the_site_url_not_the_host_asked_for(client):
    # The Host header's port is not checked against ALLOWED_HOSTS, and these pages
    # may be cached for every visitor: their links come from SITE_URL.
    robots = client.get("/robots.txt", headers={"host": "localhost:6666"})
    pages = client.get("/sitemap-pages.xml", headers={"host": "localhost:6666"})

    assert b"Sitemap: http://testserver/sitemap.xml" in robots.content
    assert b"<loc>http://testserver/</loc>" in pages.content
    assert b"6666" not in robots.content + pages.content


@pytest.mark.parametrize("url_name", ["core:home", "account_login", "account_signup"])
def test_pages_have_a_title_and_a_description(client, url_name):
    response = client.get(reverse(url_name))
    html = response.content.decode()

    assert response.status_code == 200
    assert re.search(r"<title>[^<]+</title>", html)
    assert re.search(r'<meta name="description" content="[^"]+">', html)
