"""Tests of what each worker keeps in memory: page fragments and the rows views keep,
bounded in size and forgotten by every worker when content changes."""

import pytest
from django.core.cache import cache, caches
from django.http import Http404
from django.test import RequestFactory

from {{ cookiecutter.project_slug }}.caching.generation import (
    forget_cached_pages,
)
from {{ cookiecutter.project_slug }}.caching.kept import kept_until_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragments():
    kept = caches["template_fragments"]
    kept.clear()
    yield kept
    kept.clear()


def a_request():
    return RequestFactory().get("/")


def test_a_fragment_cache_keeps_no_value_bigger_than_its_bound(fragments):
    fragments.set("small", "x" * 1000)
    fragments.set("big", "x" * (fragments.max_value_bytes + 1))

    assert fragments.get("small") == "x" * 1000
    assert fragments.get("big") is None
    assert fragments.add("big", "x" * (fragments.max_value_bytes + 1)) is False


def test_a_kept_value_is_made_once_per_generation(
    fragments, django_capture_on_commit_callbacks
):
    made = []

    def make():
        made.append(len(made) + 1)
        return made[-1]

    first = kept_until_changed(a_request(), "row", "slug", make=make)
    again = kept_until_changed(a_request(), "row", "slug", make=make)
    other = kept_until_changed(a_request(), "row", "other-slug", make=make)
    with django_capture_on_commit_callbacks(execute=True):
        forget_cached_pages()  # a post or comment changed
    after_a_change = kept_until_changed(a_request(), "row", "slug", make=make)

    assert (first, again, other, after_a_change) == (1, 1, 2, 3)


def test_nothing_is_kept_when_making_the_value_fails(fragments):
    def not_found():
        raise Http404

    with pytest.raises(Http404):
        kept_until_changed(a_request(), "row", "gone", make=not_found)

    assert kept_until_changed(a_request(), "row", "gone", make=lambda: 1) == 1


def test_without_the_fragment_cache_values_are_kept_in_the_default_one(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }

    kept_until_changed(a_request(), "row", "slug", make=lambda: "kept")

    assert kept_until_changed(a_request(), "row", "slug", make=lambda: "new") == "kept"
    assert any("row" in key for key in cache._cache)
