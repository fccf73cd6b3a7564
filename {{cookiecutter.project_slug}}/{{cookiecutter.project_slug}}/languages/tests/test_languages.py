"""The site in each of its languages: the address names the language, and each page,
cached or not, speaks it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def portuguese(url_name, **kwargs):
    with translation.override("pt-br"):
        return reverse(url_name, kwargs=kwargs)


def test_portuguese_addresses_carry_a_prefix_and_english_ones_none():
    assert reverse("account_login") == "/accounts/login/"
    assert portuguese("account_login") == "/pt-br/accounts/login/"


@pytest.mark.parametrize(
    ("url_name", "words"),
    [
        ("core:home", "Pular para o conteúdo"),
        ("account_login", "Se você ainda não criou uma conta"),
        ("account_signup", "Nome de usuário"),
    ],
)
def test_each_page_in_portuguese_speaks_portuguese(client, url_name, words):
    response = client.get(portuguese(url_name))

    assertContains(response, '<html lang="pt-br">')
    assertContains(response, words)
    assertNotContains(response, "Skip to content")


def test_the_404_page_speaks_the_language_of_its_address(client):
    response = client.get("/pt-br/no-such-page/")

    assert response.status_code == 404
    assertContains(response, "Página não encontrada", status_code=404)
    # Its language links lead to each language's home page.
    assertContains(response, 'href="http://testserver/"', status_code=404)


def test_an_english_address_stays_english_whatever_the_browser_prefers(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="pt-BR")

    assertContains(response, '<html lang="en">')
    assertContains(response, "If you have not created an account yet")


def test_every_page_links_to_itself_in_each_language(client):
    response = client.get(portuguese("account_login"))

    for code, url in [("en", "/accounts/login/"), ("pt-br", "/pt-br/accounts/login/")]:
        assertContains(
            response,
            f'<link rel="alternate" hreflang="{code}" href="http://testserver{url}">',
        )
        assertContains(response, f'href="http://testserver{url}" hreflang="{code}"')
    assertContains(
        response,
        '<link rel="alternate" hreflang="x-default" href="http://testserver/accounts/login/">',
    )
    assertContains(response, 'lang="pt-br" aria-current="true">Português Brasileiro<')


def test_the_page_cache_keeps_one_copy_per_language(settings):
    """Anonymous pages are cached by address, and the address names the language:
    an English copy is never served at the Portuguese address, nor the reverse."""
    visitor = Client()
    visitor.get("/")
    visitor.get("/pt-br/")
    settings.SITE_TITLE = "Renamed"  # shows on a page rendered afresh, not a cached one

    english = visitor.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR")
    portuguese = visitor.get("/pt-br/", HTTP_ACCEPT_LANGUAGE="en")

    assertNotContains(english, "Renamed")
    assertNotContains(portuguese, "Renamed")
    assertContains(english, "Skip to content")
    assertContains(portuguese, "Pular para o conteúdo")


def test_no_page_varies_by_the_browser_language(client):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR")
    portuguese = client.get("/pt-br/")

    assert english.headers["Content-Language"] == "en"
    assert portuguese.headers["Content-Language"] == "pt-br"
    for response in (english, portuguese):
        assert "Accept-Language" not in response.headers.get("Vary", "")


def test_the_admin_speaks_the_language_of_its_address(admin_client):
    response = admin_client.get("/pt-br/admin/")

    assertContains(response, '<html lang="pt-br"')
    assertContains(response, "Usuários")  # the users app's own name, translated


def test_the_sitemap_lists_each_page_in_each_language_with_its_alternates(client):
    response = client.get(reverse("sitemap_section", kwargs={"section": "pages"}))

    assertContains(response, "<loc>http://testserver/pt-br/</loc>")
    assertContains(
        response,
        '<xhtml:link rel="alternate" hreflang="pt-br" href="http://testserver/pt-br/"/>',
    )
    assertContains(
        response,
        '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/"/>',
    )
