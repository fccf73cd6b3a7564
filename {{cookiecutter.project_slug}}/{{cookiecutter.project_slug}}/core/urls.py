"""URLconf: the site's top-level pages, robots.txt and the icon."""

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
