"""URLconf: the health probes, outside any language prefix."""

from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    # No trailing slash: probes are configured by hand and should not be redirected.
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
