"""The blog in Brazilian Portuguese: its own words, dates in the Brazilian way."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains

from .factories import make_post

pytestmark = pytest.mark.django_db


def test_the_blog_speaks_portuguese_with_brazilian_dates(client):
    post = make_post(
        title="Olá",
        published_at=timezone.now().replace(year=2026, month=3, day=14, hour=12),
    )
    with translation.override("pt-br"):
        list_url, post_url = reverse("blog:post_list"), post.get_absolute_url()

    listing = client.get(list_url)
    detail = client.get(post_url)

    assert list_url == "/pt-br/blog/"
    assertContains(listing, "0 comentário")
    assertContains(listing, "14 de Março de 2026")
    assertContains(detail, "Ainda não há comentários.")
    assertContains(detail, "para comentar.")


def test_the_home_page_fragment_is_kept_once_per_language(client):
    make_post(title="Olá")

    english = client.get(reverse("core:home"))
    with translation.override("pt-br"):
        portuguese = client.get(reverse("core:home"))

    assertContains(english, "All posts")
    assertContains(portuguese, "Todos os posts")


def test_the_posts_sitemap_lists_each_post_in_each_language_with_its_alternates(
    client,
):
    post = make_post()
    english = f"http://testserver{post.get_absolute_url()}"
    with translation.override("pt-br"):
        portuguese = f"http://testserver{post.get_absolute_url()}"

    response = client.get(reverse("sitemap_section", kwargs={"section": "posts"}))

    assert portuguese != english
    for url in (english, portuguese):
        assertContains(response, f"<loc>{url}</loc>")
    for code, url in [("en", english), ("pt-br", portuguese), ("x-default", english)]:
        assertContains(
            response,
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{url}"/>',
            count=2,  # in the post's entry in each language
        )


def test_a_refused_cover_is_explained_in_portuguese(client, user):
    from {{ cookiecutter.project_slug }}.images.tests.pictures import (
        picture_bytes,
        upload,
    )

    client.force_login(user)
    with translation.override("pt-br"):
        url = reverse("blog:post_create")
    data = {"title": "Com imagem", "body": "Texto.", "status": "draft"}

    wrong = client.post(url, {**data, "cover": upload(picture_bytes("GIF"))})
    no_alt = client.post(url, {**data, "cover": upload(picture_bytes())})

    assertContains(wrong, "Imagens GIF não são aceitas.")
    assertContains(no_alt, "Descreva a imagem para leitores que não podem vê-la.")
