"""Management command: create an app from app_template/, registered and mounted.

It takes the place of Django's own startapp, which knows nothing of this layout.
"""
{%- if cookiecutter.languages != "en" %}

import contextlib
{%- endif %}

from django.apps import apps
from django.conf import settings
{%- if cookiecutter.languages != "en" %}
from django.core.management import call_command
{%- endif %}
from django.core.management.base import BaseCommand, CommandError

from {{ cookiecutter.project_slug }}.appgen import generator

PACKAGE = "{{ cookiecutter.project_slug }}"


class Command(BaseCommand):
    # Django's checks run in handle(), once the name is known to be good: a refused
    # name leaves nothing behind, not even the database file the checks would open.
    requires_system_checks = []
    help = (
        f"Create {PACKAGE}/<name>/ from app_template/, add it to INSTALLED_APPS "
        "and mount its URLs at /<name>/."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the app's name: a lowercase identifier")
        parser.add_argument(
            "--model",
            help="its model's class name, such as Recipe (default: the app's name, "
            "made singular and capitalised)",
        )

    def handle(self, *args, name, model, **options):
        installed = {config.label for config in apps.get_app_configs()}
        try:
            generator.check_app(name, settings.BASE_DIR, PACKAGE, installed, model)
        except generator.AppError as error:
            raise CommandError(f"Cannot create the app: {error}.") from error
        # A project whose checks fail gets no new app until it is fixed. The checks
        # that need a database are left out: the new app needs none yet.
        self.check(databases=[])
        try:
            written = generator.create_app(
                name, settings.BASE_DIR, PACKAGE, installed, model=model
            )
        except generator.AppError as error:
            raise CommandError(f"Cannot create the app: {error}.") from error
        model = model or generator.default_model(name)
        for path in written:
            self.stdout.write(f"  {path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(
            self.style.SUCCESS(f"Created the app {name}, served at /{name}/.")
        )
{%- if cookiecutter.languages != "en" %}
        self.compile_translations(settings.BASE_DIR / PACKAGE / name)
{%- endif %}
        self.stdout.write(
            f"Its model is {model}. Next: give it its fields in "
            f"{PACKAGE}/{name}/models.py, then run python manage.py makemigrations "
            f"{name} and python manage.py migrate."
        )
{%- if cookiecutter.languages != "en" %}

    def compile_translations(self, app_dir):
        """Compile the new app's catalogue, so that its pages under /pt-br/ speak
        Portuguese at once, before the next `make install` would compile it."""
        try:
            # compilemessages compiles the locale folders under the current one.
            with contextlib.chdir(app_dir):
                call_command("compilemessages", verbosity=0)
        except CommandError as error:
            self.stderr.write(
                f"Its translations are not compiled yet ({error}); run make "
                "compile-messages once gettext is installed."
            )
        else:
            self.stdout.write("Its translations are compiled.")
{%- endif %}
