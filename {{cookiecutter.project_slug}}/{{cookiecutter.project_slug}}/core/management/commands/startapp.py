"""Management command: create an app from app_template/, registered and mounted.

It takes the place of Django's own startapp, which knows nothing of this layout.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from {{ cookiecutter.project_slug }}.core import appgen

PACKAGE = "{{ cookiecutter.project_slug }}"


class Command(BaseCommand):
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
            written = appgen.create_app(
                name, settings.BASE_DIR, PACKAGE, installed, model=model
            )
        except appgen.AppError as error:
            raise CommandError(f"Cannot create the app: {error}.") from error
        model = model or appgen.default_model(name)
        for path in written:
            self.stdout.write(f"  {path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(
            self.style.SUCCESS(f"Created the app {name}, served at /{name}/.")
        )
        self.stdout.write(
            f"Its model is {model}. Next: give it its fields in "
            f"{PACKAGE}/{name}/models.py, then run python manage.py makemigrations "
            f"--update {name} (its first migration takes them in) and python "
            "manage.py migrate."
        )
