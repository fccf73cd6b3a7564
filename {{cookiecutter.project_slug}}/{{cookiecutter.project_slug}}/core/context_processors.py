"""Context for every template: site title and main menu (feeds the T in MVT)."""

from functools import cache

from django.apps import apps
from django.conf import settings


def site(request):
    """Expose ``site_title``, ``site_url`` (for absolute links: never the request's
    host), and ``nav_links`` for apps whose config sets ``nav_url``.

    (Not ``site_name``: the auth views set that to the request's host.)
    """
    return {
        "site_title": settings.SITE_TITLE,
        "site_url": settings.SITE_URL,
        "nav_links": main_menu(),
    }


@cache
def main_menu():
    """(label, URL name) for each app that joins the menu by declaring ``nav_url``.

    Installed apps never change while the process runs, so this is read once; the
    layout turns each URL name into an address with the url tag.
    """
    return tuple(
        (config.verbose_name, nav_url)
        for config in apps.get_app_configs()
        if (nav_url := getattr(config, "nav_url", None))
    )
