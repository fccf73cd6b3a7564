"""Tests of the blog's reading views: the list and a post, for whom, and which pages."""

import pytest
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertNotContains,
    assertTemplateUsed,
)

# One name a line, so that the block keeps its shape for any package name's length.
from {{ cookiecutter.project_slug }}.users.tests.factories import (
    make_user,
)

from .factories import make_comment, make_post, make_posts

pytestmark = pytest.mark.django_db


# The post list


def test_list_shows_published_posts_only(client):
    published = make_post(title="Out in the open")
    make_post(title="Still secret", draft=True)

    response = client.get(reverse("blog:post_list"))

    assert response.status_code == 200
    assertTemplateUsed(response, "blog/post_list.html")
    assert response.context["page"].posts == [published]
    assertNotContains(response, "Still secret")


def test_list_shows_ten_posts_a_page_newest_first(client):
    posts = make_posts(12)[::-1]  # newest first

    first_page = client.get(reverse("blog:post_list"))
    second_page = client.get(reverse("blog:post_list"), {"after": posts[9].slug})

    assert first_page.context["page"].posts == posts[:10]
    assert second_page.context["page"].posts == posts[10:]
    assertContains(first_page, f'href="?after={posts[9].slug}" rel="next"')
    assertNotContains(first_page, 'rel="prev"')
    assertContains(second_page, f'href="?before={posts[10].slug}" rel="prev"')
    assertNotContains(second_page, 'rel="next"')


def test_list_pages_back_to_the_newer_posts(client):
    posts = make_posts(25)[::-1]  # newest first

    page = client.get(reverse("blog:post_list"), {"before": posts[20].slug})
    first_page = client.get(reverse("blog:post_list"), {"before": posts[10].slug})

    assert page.context["page"].posts == posts[10:20]
    assertContains(page, f'href="?before={posts[10].slug}" rel="prev"')
    assertContains(page, f'href="?after={posts[19].slug}" rel="next"')
    assert first_page.context["page"].posts == posts[:10]
    assertNotContains(first_page, 'rel="prev"')


def test_list_has_no_page_links_when_one_page_holds_every_post(client):
    make_posts(10)

    assertNotContains(client.get(reverse("blog:post_list")), 'class="pagination"')


@pytest.mark.parametrize("side", ["after", "before"])
def test_list_answers_404_next_to_a_post_that_is_not_public(client, side):
    draft = make_post(draft=True)
    list_url = reverse("blog:post_list")

    assert client.get(list_url, {side: draft.slug}).status_code == 404
    assert client.get(list_url, {side: "no-such-post"}).status_code == 404


def test_list_links_to_writing_a_post_only_when_logged_in(client, user):
    new_post_link = f'href="{reverse("blog:post_create")}"'

    assertNotContains(client.get(reverse("blog:post_list")), new_post_link)
    client.force_login(user)
    assertContains(client.get(reverse("blog:post_list")), new_post_link)
    # The kept heading is kept apart for visitors: logged out, the link is gone.
    client.logout()
    assertNotContains(client.get(reverse("blog:post_list")), new_post_link)


# One post


def test_detail_shows_the_post_and_its_comments(client):
    comment = make_comment(body="What a read")

    response = client.get(comment.post.get_absolute_url())

    assert response.status_code == 200
    assertTemplateUsed(response, "blog/post_detail.html")
    assertContains(response, comment.post.title)
    assertContains(response, "What a read")


def test_detail_answers_404_for_an_unknown_slug(client):
    response = client.get(reverse("blog:post_detail", args=["no-such-post"]))

    assert response.status_code == 404


def test_a_draft_is_hidden_from_everyone_but_its_author(client, user):
    draft = make_post(author=user, draft=True)

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_user())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_detail_offers_edit_and_delete_only_to_the_author(client, user):
    post = make_post(author=user)
    edit_link = f'href="{reverse("blog:post_update", args=[post.slug])}"'
    reader = make_user()

    # In turn, as the page's kept article is made for one and read by the next.
    client.force_login(reader)
    assertNotContains(client.get(post.get_absolute_url()), edit_link)
    client.force_login(user)
    assertContains(client.get(post.get_absolute_url()), edit_link)
    client.force_login(reader)
    assertNotContains(client.get(post.get_absolute_url()), edit_link)
