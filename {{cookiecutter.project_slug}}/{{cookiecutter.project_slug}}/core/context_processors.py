"""Template context shared by every page: the site's name and main menu."""

from django.apps import apps
from django.conf import settings
from django.urls import reverse


def site(request):
    """Expose ``site_title``, and ``nav_links`` for apps whose config sets ``nav_url``.

    An app joins the main menu by declaring ``nav_url`` (a URL name) on its AppConfig,
    so the layout never has to name the apps it links to. (Not ``site_name``: the
    auth views set that to the request's host.)
    """
    nav_links = [
        (config.verbose_name, reverse(config.nav_url))
        for config in apps.get_app_configs()
        if getattr(config, "nav_url", None)
    ]
    return {"site_title": settings.SITE_TITLE, "nav_links": nav_links}
