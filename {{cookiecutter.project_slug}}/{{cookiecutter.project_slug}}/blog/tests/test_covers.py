"""A post's cover image, from the form and the admin to the page, and to the bin.

The files are written to a real folder (MEDIA_ROOT in tmp_path), so that what is
stored, and what is left behind, can be read back.
"""

import pytest
from django.urls import reverse
from PIL import ExifTags, Image
from pytest_django.asserts import assertContains, assertNotContains

from {{ cookiecutter.project_slug }}.images.renditions import rendition_name
from {{ cookiecutter.project_slug }}.images.tests.pictures import (
    phone_photo,
    picture_bytes,
    upload,
)

from ..models import Post
from .factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads stored as files in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


def stored_files(media_root):
    return sorted(
        str(path.relative_to(media_root))
        for path in media_root.rglob("*")
        if path.is_file()
    )


@pytest.fixture
def author_client(client, user):
    client.force_login(user)
    return client


def post_data(**overrides):
    return {
        "title": "With a picture",
        "slug": "",
        "body": "Some words.",
        "status": "published",
        "cover_alt": "A red and blue flag",
        **overrides,
    }


def write_post(client, **data):
    return client.post(reverse("blog:post_create"), post_data(**data))


def test_an_author_uploads_a_cover_and_the_post_shows_it(
    author_client, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = write_post(author_client, cover=phone_photo(size=(1200, 800)))

    post = Post.objects.get()
    assert response.status_code == 302
    # A name the site chose, in the folder the field names, not "photo.jpg".
    assert post.cover.name.startswith("covers/")
    assert "photo" not in post.cover.name
    assert (post.cover_width, post.cover_height) == (800, 1200)  # turned upright
    stored = Image.open(media_root / post.cover.name)
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    # The worker (run at once in the tests) made the smaller copies.
    assert post.cover_renditions == [480]
    assert stored_files(media_root) == sorted(
        [post.cover.name, rendition_name(post.cover.name, 480)]
    )

    page = author_client.get(post.get_absolute_url())

    assertContains(page, f'src="/media/{post.cover.name}"')
    assertContains(page, 'width="800" height="1200" alt="A red and blue flag"')
    assertContains(page, f"/media/{rendition_name(post.cover.name, 480)} 480w")


def test_the_list_and_home_page_show_a_smaller_picture(client, media_root):
    post = make_post(cover=upload(picture_bytes(size=(1000, 500))), cover_alt="A flag")
    Post.objects.filter(pk=post.pk).update(cover_renditions=[480, 960])

    for url in (reverse("blog:post_list"), reverse("core:home")):
        response = client.get(url)
        assertContains(response, 'class="thumbnail"')
        assertContains(response, 'sizes="8rem"')
        assertContains(response, f"{rendition_name(post.cover.name, 480)} 480w")


def test_until_the_renditions_exist_the_page_offers_the_original(client, media_root):
    post = make_post(cover=upload(picture_bytes(size=(1000, 500))), cover_alt="A flag")

    response = client.get(post.get_absolute_url())

    assert post.cover_renditions == []
    assertContains(response, f'srcset="/media/{post.cover.name} 1000w"')


def test_a_cover_needs_its_description(author_client, media_root):
    response = write_post(author_client, cover=phone_photo(), cover_alt=" ")

    assert response.status_code == 200
    assertContains(response, "Describe the picture for readers who cannot see it.")
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (upload(picture_bytes("GIF"), name="a.jpg"), "GIF images are not accepted"),
        (upload(b"%PDF-1.7 not a picture", name="a.jpg"), "This file is not an image"),
        (upload(picture_bytes()[:300]), "The image is damaged or incomplete"),
    ],
    ids=["wrong format", "claims to be an image", "truncated"],
)
def test_a_refused_file_gets_its_message_and_leaves_nothing(
    author_client, media_root, uploaded, message
):
    response = write_post(author_client, cover=uploaded)

    assert response.status_code == 200
    assertContains(response, message)
    assert not Post.objects.exists()
    assert stored_files(media_root) == []


def test_too_large_and_too_many_pixels_are_refused(author_client, media_root, settings):
    settings.IMAGE_MAX_BYTES = 2000
    too_large = write_post(author_client, cover=upload(b"x" * 3000))
    settings.IMAGE_MAX_BYTES = 5_000_000
    settings.IMAGE_MAX_PIXELS = 1_000_000
    bomb = upload(picture_bytes("PNG", size=(2000, 2000)), name="a.png")
    too_many = write_post(author_client, cover=bomb)

    assertContains(too_large, "an image may be up to 2.0")
    assertContains(too_many, "The image is 2000 by 2000 pixels")
    assert stored_files(media_root) == []


def test_replacing_a_cover_deletes_the_old_files_on_commit(
    author_client, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write_post(author_client, cover=phone_photo(size=(1200, 800)))
    post = Post.objects.get()
    old = stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(
            reverse("blog:post_update", args=[post.slug]),
            post_data(slug=post.slug, cover=phone_photo(size=(600, 400))),
        )

    post.refresh_from_db()
    assert post.cover.name not in old
    assert stored_files(media_root) == [post.cover.name]  # 400 wide: no rendition


def test_clearing_or_deleting_a_post_deletes_its_files(
    author_client, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write_post(author_client, cover=phone_photo(size=(1200, 800)))
        write_post(author_client, title="Another", cover=phone_photo(size=(1200, 800)))
    cleared, deleted = Post.objects.order_by("pk")
    assert len(stored_files(media_root)) == 4

    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(
            reverse("blog:post_update", args=[cleared.slug]),
            post_data(slug=cleared.slug, **{"cover-clear": "on"}),
        )
        author_client.post(reverse("blog:post_delete", args=[deleted.slug]))

    cleared.refresh_from_db()
    assert not cleared.cover
    assert cleared.cover_renditions == []
    assert stored_files(media_root) == []


def test_nothing_is_deleted_when_the_transaction_rolls_back(media_root):
    # No on-commit callbacks run in a test's transaction: the file must stay.
    post = make_post(cover=upload(picture_bytes()), cover_alt="A flag")
    name = post.cover.name

    post.delete()

    assert stored_files(media_root) == [name]


def test_the_admin_takes_a_cover_through_the_same_checks(admin_client, media_root):
    url = reverse("admin:blog_post_add")
    fields = {
        **post_data(),
        "slug": "from-the-admin",
        "author": Post._meta.get_field("author").related_model.objects.get().pk,
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }

    refused = admin_client.post(url, {**fields, "cover": upload(b"GIF89a nonsense")})
    accepted = admin_client.post(url, {**fields, "cover": phone_photo()})

    assertContains(refused, "This file is not an image")
    assert accepted.status_code == 302
    post = Post.objects.get(slug="from-the-admin")
    assert (post.cover_width, post.cover_height) == (40, 60)
    assert stored_files(media_root) == [post.cover.name]


def test_a_post_without_a_cover_shows_no_picture(client):
    post = make_post()

    assertNotContains(client.get(post.get_absolute_url()), "<img")
