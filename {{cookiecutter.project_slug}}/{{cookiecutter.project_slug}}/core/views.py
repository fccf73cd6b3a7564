"""Views: the home page, robots.txt and the icon (the V in MVT)."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from {{ cookiecutter.project_slug }}.caching.decorators import (
    cache_for_anonymous,
)


@method_decorator(cache_for_anonymous(timeout=300), name="dispatch")
class HomeView(TemplateView):
    template_name = "core/home.html"


class RobotsView(TemplateView):
    """Tell crawlers they may read everything, and where the sitemap is."""

    template_name = "core/robots.txt"
    content_type = "text/plain"


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))
