"""Tests of make_image_renditions, run at once by the tests' task backend."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from {{ cookiecutter.project_slug }}.images.renditions import (
    delete_image_files,
    make_renditions,
    rendition_name,
)
from {{ cookiecutter.project_slug }}.images.tasks import make_image_renditions
from {{ cookiecutter.project_slug }}.users.models import User

from .pictures import picture_bytes


def test_a_row_gone_before_the_worker_came_is_skipped(db):
    # Any model will do for the lookup; the row does not exist.
    make_image_renditions.call("users.User", 0, "username")

    assert not User.objects.exists()


def test_renditions_are_webp_at_each_width_narrower_than_the_original(settings):
    settings.IMAGE_RENDITION_WIDTHS = [100, 50, 400]
    original = ContentFile(picture_bytes("PNG", (200, 80)))
    name = default_storage.save("t/abc.png", original)
    with default_storage.open(name) as file, Image.open(file) as image:
        widths = make_renditions(default_storage, name, image)

    assert widths == [50, 100]
    with default_storage.open(rendition_name(name, 50)) as file:
        small = Image.open(file)
        assert (small.format, small.size) == ("WEBP", (50, 20))

    delete_image_files(default_storage, name)
    assert not default_storage.exists(name)
    assert not default_storage.exists(rendition_name(name, 100))


@pytest.mark.parametrize("name", ["covers/ab12.jpg", "a/b/c.png"])
def test_a_rendition_is_named_after_its_original(name):
    assert rendition_name(name, 480).endswith("-480w.webp")
    assert rendition_name(name, 480).startswith(name.rsplit(".", 1)[0])
