"""An image field for uploads: checked and cleaned on the way in, tidied on the way out.

    cover = UploadedImageField(
        _("cover image"), folder="covers", renditions_field="cover_renditions",
        width_field="cover_width", height_field="cover_height", blank=True,
    )
    cover_renditions = models.JSONField(default=list, blank=True, editable=False)

Its form field (the site's forms and the admin both use it) refuses what
processing.clean_upload() refuses, before anything is written. The stored name is
chosen here, at random. Once the row is committed, the worker makes the renditions
(tasks.py); replacing, clearing or deleting the image deletes its files, on commit.
"""

import secrets
from functools import partial
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.deconstruct import deconstructible

from .processing import clean_upload
from .renditions import delete_image_files
from .tasks import make_image_renditions


@deconstructible
class RandomName:
    """``folder/<32 random hex digits>.<ext>``: no visitor's name, no clash, and no
    sequence to guess the next file from. The extension is the cleaned file's."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePosixPath(filename).suffix
        return f"{self.folder}/{secrets.token_hex(16)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


class UploadedImageFormField(forms.FileField):
    """A file input for images; the upload is replaced by its cleaned copy."""

    def __init__(self, **kwargs):
        accept = ",".join(f"image/{f.lower()}" for f in settings.IMAGE_FORMATS)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        return clean_upload(uploaded)


class UploadedImageField(models.ImageField):
    def __init__(self, *args, folder="images", renditions_field=None, **kwargs):
        self.folder = folder
        self.renditions_field = renditions_field
        kwargs["upload_to"] = RandomName(folder)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["upload_to"]
        if kwargs.get("max_length") == 200:
            del kwargs["max_length"]
        kwargs["folder"] = self.folder
        kwargs["renditions_field"] = self.renditions_field
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadedImageFormField, **kwargs})

    def connect_signals(self, model):
        """Called for each model with this field once every app is loaded (apps.py)."""
        post_save.connect(self.render_new_image, sender=model, weak=False)
        post_delete.connect(self.delete_files, sender=model, weak=False)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        # Only a new upload or a cleared field can change the stored name: only then
        # is the name it had looked up.
        changing = not add and not (file and file._committed)
        old_name = self.stored_name(model_instance) if changing else None
        file = super().pre_save(model_instance, add)  # stores a new upload
        if old_name and old_name != file.name:
            self.delete_on_commit(old_name)
        if changing or add:
            # A new image or none: no renditions yet; post_save asks for them.
            if self.renditions_field:
                setattr(model_instance, self.renditions_field, [])
            if file.name:
                new_images: set[str] = getattr(model_instance, "_new_images", set())
                model_instance._new_images = new_images | {self.name}
        return file

    def stored_name(self, model_instance):
        """The image's name in the database, before this save changes it."""
        manager = type(model_instance)._default_manager
        names = manager.filter(pk=model_instance.pk).values_list(
            self.attname, flat=True
        )
        return names.first()

    def render_new_image(self, sender, instance, **kwargs):
        if self.name in getattr(instance, "_new_images", ()):
            instance._new_images.discard(self.name)
            if self.renditions_field:
                transaction.on_commit(
                    partial(
                        make_image_renditions.enqueue,
                        sender._meta.label,
                        instance.pk,
                        self.name,
                    )
                )

    def delete_files(self, sender, instance, **kwargs):
        if name := getattr(instance, self.attname).name:
            self.delete_on_commit(name)

    def delete_on_commit(self, name):
        transaction.on_commit(partial(delete_image_files, self.storage, name))
