"""App configuration for blog: the example app that shows Django's MVT at work."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.blog"
    verbose_name = _("Blog")
    # core's context processor adds every app that names a nav_url to the main menu.
    nav_url = "blog:post_list"

    def ready(self):
        # Importing the module connects its receivers.
        from . import signals  # noqa: F401
