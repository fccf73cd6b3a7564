"""Tests of MediaStorage, the bucket's storage; the template's tests run it against
an S3 server, with two app servers."""

import pytest

from config.settings.require import SettingsError
from {{ cookiecutter.project_slug }}.core.tests.test_settings import (
    load_production_settings,
)
from {{ cookiecutter.project_slug }}.images.s3 import MediaStorage


def test_production_needs_the_bucket(monkeypatch):
    with pytest.raises(SettingsError, match="- DJANGO_S3_BUCKET is not set"):
        load_production_settings(monkeypatch, DJANGO_S3_BUCKET=None)


def test_the_bucket_is_the_default_storage_and_pages_may_show_its_pictures(
    monkeypatch,
):
    production = load_production_settings(
        monkeypatch,
        DJANGO_S3_BUCKET="shop-media",
        DJANGO_S3_ENDPOINT_URL="https://s3.eu-central-003.backblazeb2.com",
    )

    default = production.STORAGES["default"]
    assert default["BACKEND"].endswith("images.s3.MediaStorage")
    assert default["OPTIONS"]["bucket_name"] == "shop-media"
    assert production.SECURE_CSP["img-src"] == [
        "'self'",
        "https://s3.eu-central-003.backblazeb2.com",
    ]


def test_a_custom_domain_is_where_pictures_load_from(monkeypatch):
    production = load_production_settings(
        monkeypatch, DJANGO_S3_CUSTOM_DOMAIN="media.example.com"
    )

    assert production.SECURE_CSP["img-src"][1:] == ["https://media.example.com"]


def test_each_file_is_stored_with_the_cache_lifetime_of_its_kind():
    storage = MediaStorage(bucket_name="media", object_parameters={"ACL": "private"})

    rendition = storage.get_object_parameters("covers/ab12-480w.webp")
    original = storage.get_object_parameters("covers/ab12.jpg")

    assert rendition == {
        "CacheControl": "public, max-age=31536000, immutable",
        "ACL": "private",
    }
    assert original["CacheControl"] == "public, max-age=86400"
