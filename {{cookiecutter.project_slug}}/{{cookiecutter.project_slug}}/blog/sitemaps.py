"""Sitemaps: the blog's list page and every published post, for /sitemap.xml."""

import math

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet
from django.utils.functional import cached_property

from {{ cookiecutter.project_slug }}.core.sitemaps import (
    PageSitemap,
    SiteSitemap,
)

from .models import Post


class IdRangePaginator(Paginator):
    """Pages of a queryset by id: page n holds the rows with ids in
    ((n - 1) * per_page, n * per_page].

    Django's Paginator counts every row (COUNT) and reaches page n by reading and
    skipping the rows before it (OFFSET), which takes longer as the table grows. An
    id range is one look-up in the primary key's index, on any page. Pages may hold
    fewer rows than per_page (ids of drafts or deleted rows), which a sitemap allows.

    Given languages, a page holds each row once per language, as (row, code) pairs:
    what a sitemap listing every page in each language (Sitemap.i18n) expects.
    """

    object_list: QuerySet  # filtered by id below, so a queryset, not any sequence

    def __init__(self, object_list, per_page, languages=()):
        super().__init__(object_list, per_page)
        self.languages = languages

    @cached_property
    def num_pages(self):
        highest_id = self.object_list.model.objects.aggregate(Max("pk"))["pk__max"]
        return max(1, math.ceil((highest_id or 0) / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        last_id = number * self.per_page
        rows = self.object_list.filter(pk__gt=last_id - self.per_page, pk__lte=last_id)
        if self.languages:
            return Page(
                [(row, code) for row in rows for code in self.languages], number, self
            )
        return Page(rows, number, self)


class PostSitemap(SiteSitemap):
    # Posts per sitemap page; /sitemap.xml is an index of the pages. The index grows
    # by an entry per limit posts, each page by a URL per post: 10,000 keeps both
    # small (the protocol allows 50,000 URLs a page, a page of several megabytes).
    limit = 10_000

    def items(self):
        # Drafts and scheduled posts stay out: the sitemap is public. A page needs
        # only each post's address and date, not thousands of bodies.
        return Post.objects.published().only("slug", "modified").order_by("pk")

    @property
    def paginator(self):
        languages = [code for code, _name in settings.LANGUAGES] if self.i18n else ()
        return IdRangePaginator(self.items(), self.limit, languages)

    def lastmod(self, post):
        return post.modified

    def get_latest_lastmod(self):
        # The index's date of the sitemap's last change. Django's default calls
        # lastmod() on every post. The latest change to any post is one step in the
        # index on modified; among published posts only, the database would sort
        # them all for it. A date a little late (a draft edited since) does no harm.
        return Post.objects.aggregate(Max("modified"))["modified__max"]


sitemaps = {"blog": PageSitemap(["blog:post_list"]), "posts": PostSitemap()}
