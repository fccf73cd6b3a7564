"""URL dispatcher: the first stop of every request, which hands it to an app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("{{ cookiecutter.project_slug }}.core.urls")),
    path("accounts/", include("{{ cookiecutter.project_slug }}.users.urls")),
{%- if cookiecutter.include_blog %}
    path("blog/", include("{{ cookiecutter.project_slug }}.blog.urls")),
{%- endif %}
    path(settings.ADMIN_URL, admin.site.urls),
    # startapp mounts new apps above this line.
]
