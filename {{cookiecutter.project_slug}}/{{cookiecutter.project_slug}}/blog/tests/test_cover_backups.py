"""A backup holds the covers and their renditions, and a restore brings them back."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from PIL import Image

from {{ cookiecutter.project_slug }}.images.processing import clean_upload
from {{ cookiecutter.project_slug }}.images.renditions import rendition_name
from {{ cookiecutter.project_slug }}.images.tests.pictures import phone_photo

from ..models import Post
from .factories import make_post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def only_real_migrations_recorded():
    """Forget migrations recorded by other tests that this code does not have (the
    backups app's tests record one from the future): restore would refuse them."""
    known = MigrationLoader(connection, ignore_no_migrations=True).disk_migrations
    for row in MigrationRecorder(connection).migration_qs:
        if (row.app, row.name) not in known:
            row.delete()


def test_a_deleted_post_comes_back_with_its_cover_and_renditions(media_root):
    # Outside a transaction the renditions are made at once, and files deleted too.
    # Cleaned as the form field cleans it: upright, 800 x 1200.
    cover = clean_upload(phone_photo(size=(1200, 800)))
    post = make_post(cover=cover, cover_alt="A flag")
    post.refresh_from_db()
    files = [post.cover.name, rendition_name(post.cover.name, 480)]
    out = io.StringIO()
    call_command("backup", stdout=out, stderr=io.StringIO())
    archive = Path(out.getvalue().splitlines()[-1])

    post.delete()
    assert not any((media_root / name).exists() for name in files)
    call_command("restore", str(archive), "--force", stdout=io.StringIO())

    restored = Post.objects.get()
    assert restored.cover.name == files[0]
    assert restored.cover_renditions == [480]
    assert Image.open(media_root / files[0]).size == (800, 1200)
    assert Image.open(media_root / files[1]).size == (480, 720)
