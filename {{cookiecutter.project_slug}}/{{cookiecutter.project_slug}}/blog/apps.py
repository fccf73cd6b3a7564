"""App configuration for blog: the example app that shows Django's MVT at work."""

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from {{ cookiecutter.project_slug }}.caching.signals import (
    forget_pages_when_changed,
)


class BlogConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.blog"
    verbose_name = _("Blog")
    # core's context processor adds every app that names a nav_url to the main menu.
    nav_url = "blog:post_list"

    def ready(self):
        # Members' posts and comments are part of the data they can download.
        from . import personal_data  # noqa: F401

        # Pages show posts, comments and their authors' names: a change to any of
        # them forgets the cached pages. Logging in saves last_login, which no page
        # shows. (Bulk writes forget them too: see ShownOnPagesQuerySet.)
        forget_pages_when_changed(self.get_model("Post"), self.get_model("Comment"))
        forget_pages_when_changed(
            settings.AUTH_USER_MODEL, unless_only={"last_login", "password"}
        )
