"""Tests of the blog's entries in the sitemaps: the list and published posts only."""

import pytest
from django.urls import reverse
from django.utils.timezone import localdate, localtime

from {{ cookiecutter.project_slug }}.blog.sitemaps import PostSitemap

from .factories import make_post, make_posts

pytestmark = pytest.mark.django_db

POSTS_SITEMAP = "http://testserver/sitemap-posts.xml"


def test_sitemap_lists_the_blog_and_published_posts_but_no_drafts(client):
    published = make_post(title="Out in the open")
    draft = make_post(title="Still secret", draft=True)

    blog = client.get("/sitemap-blog.xml").content.decode()
    response = client.get("/sitemap-posts.xml")
    content = response.content.decode()

    assert f"<loc>http://testserver{reverse('blog:post_list')}</loc>" in blog
    assert response.status_code == 200
    assert f"<loc>http://testserver{published.get_absolute_url()}</loc>" in content
    assert draft.get_absolute_url() not in content
    # The date in the site's time zone, which can be a day off UTC's.
    assert f"<lastmod>{localdate(published.modified):%Y-%m-%d}</lastmod>" in content


def test_the_index_dates_the_posts_by_their_latest_change(client):
    make_post()
    latest = make_post()

    index = client.get("/sitemap.xml").content.decode()

    assert f"<loc>{POSTS_SITEMAP}</loc>" in index
    # In the site's time zone, as the template writes it.
    assert f"<lastmod>{localtime(latest.modified).isoformat()}</lastmod>" in index


@pytest.fixture
def posts_per_page(monkeypatch):
    """Two posts to a page of the posts' sitemap, to see pages without thousands."""
    monkeypatch.setattr(PostSitemap, "limit", 2)
    return 2


def page_holding(post, posts_per_page):
    """Page n holds the ids ((n - 1) * posts_per_page, n * posts_per_page]."""
    return (post.pk - 1) // posts_per_page + 1


def test_posts_are_split_into_pages_by_id(client, posts_per_page):
    posts = make_posts(5)
    last_page = page_holding(posts[-1], posts_per_page)

    index = client.get("/sitemap.xml").content.decode()

    assert f"<loc>{POSTS_SITEMAP}?p={last_page}</loc>" in index
    assert f"?p={last_page + 1}<" not in index
    for post in posts:
        page = client.get("/sitemap-posts.xml", {"p": page_holding(post, 2)})
        assert post.get_absolute_url().encode() in page.content
    beyond = client.get("/sitemap-posts.xml", {"p": last_page + 1})
    assert beyond.status_code == 404


def test_a_page_of_drafts_only_is_empty_not_missing(client, posts_per_page):
    # Of three ids in a row, two share a page: the middle one's page is drafts only.
    drafts = make_posts(3, draft=True)
    make_post()  # a later id: that page is not the last

    response = client.get("/sitemap-posts.xml", {"p": page_holding(drafts[1], 2)})

    assert response.status_code == 200
    assert b"<url>" not in response.content
