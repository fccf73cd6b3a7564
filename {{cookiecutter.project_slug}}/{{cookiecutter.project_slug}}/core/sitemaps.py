"""Sitemaps: the site's fixed pages, listed for search engines in /sitemap.xml."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PageSitemap(Sitemap):
    """Pages with no model behind them, given by URL name."""

    def __init__(self, url_names):
        self.url_names = url_names

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)
