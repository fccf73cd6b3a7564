"""App configuration for users: accounts, sign-up and log-in."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.users"
