"""URL dispatcher: the first stop of every request, which hands it to an app."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

{% if cookiecutter.include_blog -%}
from {{ cookiecutter.project_slug }}.blog.sitemaps import (
    sitemaps as blog_sitemaps,  # a line of its own: fits for any package name
)
{% endif -%}
from {{ cookiecutter.project_slug }}.core.sitemaps import PageSitemap

# What /sitemap.xml lists: each app adds its own public pages.
sitemaps: dict[str, Sitemap] = {"pages": PageSitemap(["core:home"])}
{%- if cookiecutter.include_blog %}
sitemaps |= blog_sitemaps
{%- endif %}

urlpatterns = [
    path("", include("{{ cookiecutter.project_slug }}.core.urls")),
    path("accounts/", include("{{ cookiecutter.project_slug }}.users.urls")),
{%- if cookiecutter.include_blog %}
    path("blog/", include("{{ cookiecutter.project_slug }}.blog.urls")),
{%- endif %}
    # An index of the sections' sitemaps, in pages of Sitemap.limit addresses each:
    # one file could not list a big site (the protocol allows 50,000 addresses).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # startapp mounts new apps above this line.
]
