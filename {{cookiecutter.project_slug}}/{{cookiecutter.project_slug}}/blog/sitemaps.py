"""Sitemaps: the blog's list page and every published post, for /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from {{ cookiecutter.project_slug }}.core.sitemaps import PageSitemap

from .models import Post


class PostSitemap(Sitemap):
    def items(self):
        # Drafts and scheduled posts stay out: the sitemap is public.
        return Post.objects.published()

    def lastmod(self, post):
        return post.modified


sitemaps = {"blog": PageSitemap(["blog:post_list"]), "posts": PostSitemap()}
