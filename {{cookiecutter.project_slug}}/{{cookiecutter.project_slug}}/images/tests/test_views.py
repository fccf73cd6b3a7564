"""Tests of serve_media(): uploaded files served by Django where no nginx runs."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .pictures import picture_bytes


@pytest.fixture
def stored():
    name = default_storage.save("covers/0123abcd.jpg", ContentFile(picture_bytes()))
    rendition = default_storage.save(
        "covers/0123abcd-480w.webp", ContentFile(picture_bytes("WEBP"))
    )
    yield name, rendition
    default_storage.delete(name)
    default_storage.delete(rendition)


def test_a_stored_image_is_served_as_an_image_that_runs_nothing(client, stored):
    name, _ = stored

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == default_storage.open(name).read()
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_rendition_is_kept_for_a_year(client, stored):
    _, rendition = stored

    response = client.get(f"/media/{rendition}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    "path",
    ["covers/missing.jpg", "covers/", "../config/settings/base.py", "covers/a b.jpg"],
)
def test_missing_files_folders_and_other_paths_are_not_found(client, stored, path):
    assert client.get(f"/media/{path}").status_code == 404
