"""App configuration for images: uploads checked, cleaned, resized and served."""

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.images"
    verbose_name = _("Images")

    def ready(self):
        # Every model with an uploaded image gets the receivers that ask the worker
        # for its renditions and delete its files with it.
        from .fields import UploadedImageField

        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, UploadedImageField):
                    field.connect_signals(model)
