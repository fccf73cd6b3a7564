"""Template context shared by every page: the site's name and main menu."""

from django.apps import apps
from django.conf import settings
from django.urls import reverse


def site(request):
    """Expose ``site_name``, and ``nav_links`` for apps whose config sets ``nav_url``.

    An app joins the main menu by declaring ``nav_url`` (a URL name) on its AppConfig,
    so the layout never has to name the apps it links to.
    """
    nav_links = [
        (config.verbose_name, reverse(config.nav_url))
        for config in apps.get_app_configs()
        if getattr(config, "nav_url", None)
    ]
    return {"site_name": settings.SITE_NAME, "nav_links": nav_links}
