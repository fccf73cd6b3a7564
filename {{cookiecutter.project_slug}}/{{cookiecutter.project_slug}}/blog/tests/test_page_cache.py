"""Tests of the blog's cached pages: anonymous visitors see every change at once."""

import re

import pytest
from django.urls import reverse

from .factories import make_comment, make_post, retitle_behind_djangos_back

# Committed for real: the cached pages are forgotten when a change commits.
pytestmark = pytest.mark.django_db(transaction=True)


def page(client, url):
    return client.get(url).content.decode()


def test_the_post_list_really_is_cached_for_anonymous_visitors(client):
    # Without this, the tests below would pass even if nothing were cached.
    post = make_post(title="Before")
    assert "Before" in page(client, reverse("blog:post_list"))

    # A change in SQL forgets nothing, so the cached page is kept.
    retitle_behind_djangos_back(post, "After")

    assert "Before" in page(client, reverse("blog:post_list"))


def test_a_published_post_shows_on_the_cached_list_and_home_page_at_once(client):
    draft = make_post(draft=True, title="Hot off the press")
    assert "Hot off the press" not in page(client, reverse("blog:post_list"))
    assert "Hot off the press" not in page(client, reverse("core:home"))

    draft.publish()

    assert "Hot off the press" in page(client, reverse("blog:post_list"))
    assert "Hot off the press" in page(client, reverse("core:home"))


def test_a_new_comment_shows_on_the_cached_post_page_at_once(client):
    post = make_post()
    assert "No comments yet." in page(client, post.get_absolute_url())

    make_comment(post=post, body="First!")

    assert "First!" in page(client, post.get_absolute_url())


def test_a_deleted_post_is_gone_from_its_cached_page_at_once(client):
    post = make_post()
    url = post.get_absolute_url()
    assert client.get(url).status_code == 200

    post.delete()

    assert client.get(url).status_code == 404


def test_the_author_gets_a_fresh_page_with_their_own_actions(client, user):
    post = make_post(author=user)
    edit_url = reverse("blog:post_update", args=[post.slug])
    assert edit_url not in page(client, post.get_absolute_url())

    client.force_login(user)

    assert edit_url in page(client, post.get_absolute_url())
    client.logout()
    assert edit_url not in page(client, post.get_absolute_url())


def test_the_list_is_kept_once_whatever_other_parameters_the_address_holds(
    client, settings
):
    # The shared cache alone, apart from each worker's fragments.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    from django.core.cache import cache

    make_post(title="Only one")
    url = reverse("blog:post_list")
    page(client, url)
    kept = len(cache._cache)

    for number in range(20):
        assert "Only one" in page(client, f"{url}?utm={number}")

    assert len(cache._cache) == kept


def test_the_lists_links_keep_no_parameter_of_the_address(client):
    posts = [make_post() for _ in range(11)]

    listed = page(client, f"{reverse('blog:post_list')}?utm=campaign")

    assert f'href="?after={posts[1].slug}"' in listed
    assert not re.search(r'href="\?[^"]*utm', listed)


def test_a_list_page_named_by_both_neighbours_is_not_found(client):
    post = make_post()

    response = client.get(
        reverse("blog:post_list"), {"after": post.slug, "before": post.slug}
    )

    assert response.status_code == 404
