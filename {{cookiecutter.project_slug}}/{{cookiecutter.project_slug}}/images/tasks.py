"""Tasks: the renditions of an uploaded image, made by the worker.

The request that uploads stores the cleaned original and answers at once; pages show
that original until this task has made the smaller copies and listed their widths on
the row, and then offer them in ``srcset``.
"""

from django.apps import apps
from django.tasks import task
from PIL import Image

from .renditions import make_renditions


@task
def make_image_renditions(model_label, pk, field_name):
    """Make the renditions of one row's image and record their widths on the row."""
    model = apps.get_model(model_label)
    field = model._meta.get_field(field_name)
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        return  # deleted before the worker came to it
    name = getattr(row, field.attname).name
    if not name:
        return
    with field.storage.open(name) as file, Image.open(file) as image:
        widths = make_renditions(field.storage, name, image)
    # Only if the row still shows this image: it may have been replaced meanwhile.
    model._default_manager.filter(pk=pk, **{field.attname: name}).update(
        **{field.renditions_field: widths}
    )
