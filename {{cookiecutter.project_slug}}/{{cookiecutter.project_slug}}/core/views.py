"""View: the home page, robots.txt, and the health probes a load balancer polls."""

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .caching import cache_for_anonymous, pages_generation
from .health import cache_answers, unreachable_databases


@method_decorator(cache_for_anonymous(timeout=300), name="dispatch")
class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        # Cached fragments are forgotten with the cached pages (core/home.html).
        return super().get_context_data(**kwargs) | {
            "pages_generation": pages_generation(self.request)
        }


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
    """Readiness: 503 naming the databases that fail; a failing cache is "degraded"."""
    problems = []
    if databases := unreachable_databases():
        problems.append(f"unavailable: {', '.join(databases)}")
    if not cache_answers():
        problems.append("degraded: cache")
    return HttpResponse(
        "; ".join(problems) or "ok",
        content_type="text/plain",
        # The pages still render without the cache: keep this server in service.
        status=503 if databases else 200,
    )
