"""Tests of the blog's entries in /sitemap.xml: the list and published posts only."""

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from .factories import make_post

pytestmark = pytest.mark.django_db


def test_sitemap_lists_the_blog_and_published_posts_but_no_drafts(client):
    published = make_post(title="Out in the open")
    draft = make_post(title="Still secret", draft=True)

    response = client.get("/sitemap.xml")
    content = response.content.decode()

    assert response.status_code == 200
    assert f"<loc>http://testserver{reverse('blog:post_list')}</loc>" in content
    assert f"<loc>http://testserver{published.get_absolute_url()}</loc>" in content
    assert draft.get_absolute_url() not in content
    # The date in the site's time zone, which can be a day off UTC's.
    assert f"<lastmod>{localdate(published.modified):%Y-%m-%d}</lastmod>" in content
