"""App configuration for core: the site's layout, home page and error pages."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.core"
