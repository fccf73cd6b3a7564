"""View: the home page, robots.txt, and the health probes a load balancer polls."""

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .caching import cache_for_anonymous
from .health import unreachable_services


@method_decorator(cache_for_anonymous(timeout=300), name="dispatch")
class HomeView(TemplateView):
    template_name = "core/home.html"


class RobotsView(TemplateView):
    """Tell crawlers they may read everything, and where the sitemap is."""

    template_name = "core/robots.txt"
    content_type = "text/plain"


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches no database, cache or session."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: every database and the cache answer; 503 naming those that do not."""
    if problems := unreachable_services():
        return HttpResponse(
            f"unavailable: {', '.join(problems)}", content_type="text/plain", status=503
        )
    return HttpResponse("ok", content_type="text/plain")
