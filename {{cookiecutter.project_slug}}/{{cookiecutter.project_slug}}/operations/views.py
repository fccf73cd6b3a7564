"""Views: the health probes a load balancer polls."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from .health import cache_answers, degraded_services, unreachable_databases


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
    problems.extend(f"degraded: {problem}" for problem in degraded_services())
    return HttpResponse(
        "; ".join(problems) or "ok",
        content_type="text/plain",
        # The pages still render without the cache: keep this server in service.
        status=503 if databases else 200,
    )
