"""Tests of UploadedImageField on a model of the tests' own, so that they run in
every bake, whatever its apps: the form field, the stored name, the renditions, the
files deleted with the row."""

import pytest
from django import forms
from django.core.files.storage import default_storage
from django.db import connection, models
from django.template import Context, Template

from {{ cookiecutter.project_slug }}.images.fields import (
    RandomName,
    UploadedImageField,
)
from {{ cookiecutter.project_slug }}.images.renditions import rendition_name

from .pictures import phone_photo, picture_bytes, upload


class Photo(models.Model):
    image = UploadedImageField(
        folder="photos",
        renditions_field="renditions",
        width_field="width",
        height_field="height",
        blank=True,
    )
    width = models.PositiveIntegerField(null=True)
    height = models.PositiveIntegerField(null=True)
    renditions = models.JSONField(default=list)

    class Meta:
        app_label = "images"

    def __str__(self):
        return self.image.name


# The app connects its receivers to the models it finds at start-up; this one came later.
Photo._meta.get_field("image").connect_signals(Photo)


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ("image",)


@pytest.fixture
def photos(transactional_db):
    """The table for Photo; outside a transaction, on-commit work runs at once."""
    with connection.schema_editor() as editor:
        editor.create_model(Photo)
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(Photo)


def saved_photo(size=(1200, 800)):
    form = PhotoForm({}, {"image": upload(picture_bytes(size=size))})
    assert form.is_valid(), form.errors
    return form.save()


def test_the_form_field_offers_only_the_accepted_formats():
    widget = PhotoForm().fields["image"].widget

    assert widget.attrs["accept"] == "image/jpeg,image/png,image/webp"


def test_a_form_without_a_file_saves_a_row_without_an_image(photos):
    form = PhotoForm({}, {})

    assert form.is_valid(), form.errors
    assert not form.save().image


def test_a_refused_upload_is_a_form_error(photos):
    form = PhotoForm({}, {"image": upload(b"not an image")})

    assert not form.is_valid()
    assert "This file is not an image" in form.errors["image"][0]
    assert not Photo.objects.exists()


def test_a_saved_upload_gets_a_random_name_its_size_and_renditions(photos):
    photo = saved_photo()

    photo.refresh_from_db()
    assert photo.image.name.startswith("photos/")
    assert len(photo.image.name) == len("photos/") + 32 + len(".jpg")
    assert (photo.width, photo.height) == (1200, 800)
    assert photo.renditions == [480, 960]
    assert default_storage.exists(rendition_name(photo.image.name, 960))


def test_replacing_the_image_deletes_the_old_files(photos):
    photo = saved_photo()
    old = photo.image.name

    form = PhotoForm({}, {"image": phone_photo()}, instance=photo)
    assert form.is_valid(), form.errors
    form.save()

    photo.refresh_from_db()
    assert photo.image.name != old
    assert photo.renditions == []  # 40 pixels wide: nothing smaller to make
    assert not default_storage.exists(old)
    assert not default_storage.exists(rendition_name(old, 480))


def test_saving_without_a_new_image_keeps_it_and_deleting_removes_it(photos):
    photo = saved_photo()
    name = photo.image.name

    photo.save()
    assert default_storage.exists(name)
    photo.delete()

    assert not default_storage.exists(name)
    assert not default_storage.exists(rendition_name(name, 480))


def test_random_names_never_repeat_and_keep_the_cleaned_extension():
    name = RandomName("photos")

    names = {name(None, "image.png") for _ in range(100)}

    assert len(names) == 100
    assert all(n.startswith("photos/") and n.endswith(".png") for n in names)
    assert RandomName("photos") == name != RandomName("other")


def test_the_field_keeps_its_own_arguments_in_migrations():
    _, path, _, kwargs = Photo._meta.get_field("image").deconstruct()

    assert path.endswith("images.fields.UploadedImageField")
    assert kwargs["folder"] == "photos"
    assert kwargs["renditions_field"] == "renditions"
    assert "upload_to" not in kwargs


def test_the_tag_offers_the_renditions_then_the_original(photos):
    photo = saved_photo()
    photo.refresh_from_db()  # with the widths the task recorded
    template = Template(
        "{% raw %}{% load images %}{% responsive_image p.image 'A flag' p.renditions "
        "p.width p.height sizes='50vw' css_class='cover' lazy=True %}{% endraw %}"
    )

    html = template.render(Context({"p": photo}))

    stem = photo.image.name.removesuffix(".jpg")
    renditions = f"/media/{stem}-480w.webp 480w, /media/{stem}-960w.webp 960w"
    assert f'srcset="{renditions}, /media/{stem}.jpg 1200w"' in html
    assert 'width="1200" height="800" alt="A flag" class="cover" loading="lazy"' in html
    empty = Template("{% raw %}{% load images %}{% responsive_image None '' '' 0 0 %}{% endraw %}")
    assert empty.render(Context()) == ""
