"""Views: the health probes a load balancer polls."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from . import health


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches no database, cache or session."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: "ok", or 503 naming the required checks that fail; a failing
    optional one (the cache) is reported as "degraded" and keeps the 200."""
    failed = [check for check in health.CHECKS if not health.passes(check)]
    unavailable = [check.name for check in failed if check.required]
    degraded = [check.name for check in failed if not check.required]
    if not unavailable:
        # The checks apps add read the database: with it down, they add nothing.
        degraded += health.degraded_services()
    problems = []
    if unavailable:
        problems.append(f"unavailable: {', '.join(unavailable)}")
    if degraded:
        problems.append(f"degraded: {', '.join(degraded)}")
    return HttpResponse(
        "; ".join(problems) or "ok",
        content_type="text/plain",
        status=503 if unavailable else 200,
    )
