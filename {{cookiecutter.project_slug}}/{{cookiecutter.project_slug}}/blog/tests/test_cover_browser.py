"""Browser test: an author uploads a cover, and the post and the list show it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from {{ cookiecutter.project_slug }}.blog.forms import PostForm
from {{ cookiecutter.project_slug }}.blog.models import Post
from {{ cookiecutter.project_slug }}.core.tests.browser_steps import (
    SAVE,
    button,
    field,
    log_in,
)
from {{ cookiecutter.project_slug }}.images.tests.pictures import (
    phone_photo_exif,
    picture_bytes,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


def shown_width(image):
    """The picture's natural width once loaded: 0 for a broken image."""
    image.scroll_into_view_if_needed()
    return image.evaluate("img => img.decode().then(() => img.naturalWidth)")


def test_an_author_uploads_a_cover_and_the_post_and_list_show_it(
    page, user, media_root, tmp_path, language
):
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(picture_bytes(size=(1200, 800), exif=phone_photo_exif()))
    log_in(page, user.username)
    page.goto(reverse("blog:post_create"))

    field(page, PostForm, "title").fill("A photo from the phone")
    field(page, PostForm, "body").fill("Taken this morning.")
    field(page, PostForm, "cover").set_input_files(photo)
    field(page, PostForm, "cover_alt").fill("A red and blue flag")
    field(page, PostForm, "status").select_option(str(Post.Status.PUBLISHED.label))
    button(page, SAVE).click()

    cover = page.get_by_role("img", name="A red and blue flag")
    expect(cover).to_have_attribute("width", "800")
    assert shown_width(cover) > 0
    page.goto(reverse("blog:post_list"))
    thumbnail = page.get_by_role("img", name="A red and blue flag")
    expect(thumbnail).to_have_class("thumbnail")
    assert shown_width(thumbnail) > 0
    assert Post.objects.get().cover_renditions == [480]
