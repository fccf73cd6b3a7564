"""URL dispatcher: the first stop of every request, which hands it to an app."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
{%- if cookiecutter.languages != "en" %}
from django.conf.urls.i18n import i18n_patterns
{%- endif %}
from django.contrib import admin
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, include, path

{% if cookiecutter.include_blog -%}
from {{ cookiecutter.project_slug }}.blog.sitemaps import (
    sitemaps as blog_sitemaps,  # a line of its own: fits for any package name
)
{% endif -%}
from {{ cookiecutter.project_slug }}.core.sitemaps import PageSitemap
from {{ cookiecutter.project_slug }}.images.views import serve_media

# The admin signs in through the site's own log-in, with its rate limits and second
# factor, never through a form of its own.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# What /sitemap.xml lists: each app adds its own public pages.
sitemaps: dict[str, Sitemap] = {"pages": PageSitemap(["core:home"])}
{%- if cookiecutter.include_blog %}
sitemaps |= blog_sitemaps
{%- endif %}
{%- if cookiecutter.languages != "en" %}

# Each page is listed in every language, naming the others as its alternates.
for section in sitemaps.values():
    section.i18n = section.alternates = section.x_default = True
{%- endif %}

urlpatterns: list[URLPattern | URLResolver] = [
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
    # Health probes, at one address whatever the language.
    path("", include("{{ cookiecutter.project_slug }}.operations.urls")),
]
# Uploaded files, where no proxy serves them: in development and `make prod-local`.
if settings.SERVE_MEDIA:
    media_path = f"{settings.MEDIA_URL.strip('/')}/<path:name>"
    urlpatterns.append(path(media_path, serve_media, name="media"))
{%- if cookiecutter.languages != "en" %}
# The pages in each language: English at /blog/, with no prefix, so that its addresses
# never change; Brazilian Portuguese at /pt-br/blog/ (the admin too: /pt-br/admin/).
# The address alone names the language, so one cached page never reaches a reader of
# another.
urlpatterns += i18n_patterns(
{%- else %}
urlpatterns += [
{%- endif %}
    path("", include("{{ cookiecutter.project_slug }}.core.urls")),
    # The account page and its links; allauth's sign-up, log-in, e-mail and second
    # factor beside them.
    path("accounts/", include("{{ cookiecutter.project_slug }}.users.urls")),
    path("accounts/", include("allauth.urls")),
{%- if cookiecutter.include_blog %}
    path("blog/", include("{{ cookiecutter.project_slug }}.blog.urls")),
{%- endif %}
    path(settings.ADMIN_URL, admin.site.urls),
    # startapp mounts new apps above this line.
{%- if cookiecutter.languages != "en" %}
    prefix_default_language=False,
)
{%- else %}
]
{%- endif %}
