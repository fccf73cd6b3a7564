"""`manage.py backup` and `manage.py restore` on the test database.

The template's own tests take and restore backups on real SQLite and PostgreSQL
servers while other processes write; these check the commands' rules, fast.
"""

import io
import json
import stat
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from {{ cookiecutter.project_slug }}.backups import archive, database
from {{ cookiecutter.project_slug }}.users.tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)
User = get_user_model()


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def backup():
    """Run the command; return the archive it names on its last line."""
    out = io.StringIO()
    call_command("backup", stdout=out, stderr=io.StringIO())
    return Path(out.getvalue().splitlines()[-1])


def restore(path, *args):
    call_command("restore", str(path), *args, stdout=io.StringIO())


def test_backup_writes_one_archive_readable_by_its_owner_only(folders):
    upload = folders / "media" / "uploads" / "photo.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"a picture")

    path = backup()

    assert path.parent == folders / "backups"
    assert path.name.startswith(f"{archive.PROJECT}-")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with tarfile.open(path) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile(archive.MANIFEST))
    assert names == {"database", "media/uploads/photo.jpg", "manifest.json"}
    assert manifest["project"] == archive.PROJECT
    assert set(manifest["sha256"]) == {"database", "media/uploads/photo.jpg"}


def test_a_backup_leaves_out_the_sessions_of_signed_in_visitors():
    # A session's key is the cookie of a signed-in visitor: a copy would let its
    # reader act as them. The accounts stay; everyone signs in again after a restore.
    user = make_user()
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.create()

    path = backup()
    with tarfile.open(path) as tar:
        dumped = tar.extractfile("database").read()
    restore(path, "--force")

    assert session.session_key.encode() not in dumped
    assert not Session.objects.exists()
    assert User.objects.filter(pk=user.pk).exists()


def test_backup_keeps_only_the_newest(settings):
    settings.BACKUP_KEEP = 2
    paths = [backup() for _ in range(3)]

    assert sorted(Path(settings.BACKUP_DIR).iterdir()) == paths[1:]


def test_restore_brings_back_the_data_of_the_moment_of_the_backup(folders):
    kept = make_user()
    path = backup()
    make_user()
    upload = folders / "media" / "later.txt"
    upload.parent.mkdir()
    upload.write_text("added after the backup")

    restore(path, "--force")

    assert list(User.objects.values_list("username", flat=True)) == [kept.username]
    assert not upload.exists()
    assert (folders / "media").is_dir()


def test_restore_refuses_data_it_would_replace_unless_forced(folders, monkeypatch):
    path = backup()
    with pytest.raises(CommandError, match="The database already holds tables"):
        restore(path)

    monkeypatch.setattr(database, "is_empty", lambda: True)
    (folders / "media").mkdir()
    (folders / "media" / "photo.jpg").write_bytes(b"a picture")
    with pytest.raises(CommandError, match="media is not empty"):
        restore(path)

    # An empty database (as is_empty now says) and media folder need no --force.
    (folders / "media" / "photo.jpg").unlink()
    restore(path)
    assert not (folders / "media" / "photo.jpg").exists()


def test_backup_reports_a_folder_it_cannot_write(settings, folders):
    settings.BACKUP_DIR = folders / "a-file"
    settings.BACKUP_DIR.write_text("not a folder")

    with pytest.raises(CommandError, match="a-file"):
        backup()


def test_restore_refuses_a_backup_from_newer_code():
    MigrationRecorder.Migration.objects.create(app="core", name="0099_from_the_future")
    path = backup()
    user = make_user()

    with pytest.raises(
        CommandError, match=r"does not have: core\.0099_from_the_future"
    ):
        restore(path, "--force")
    assert User.objects.filter(pk=user.pk).exists()


def test_restore_refuses_another_database_engine(folders):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    dump = folders / "dump"
    dump.write_bytes(b"not a database")
    path = archive.write_archive(folders, dump, other, folders / "media")

    with pytest.raises(CommandError, match=f"holds a {other} database"):
        restore(path, "--force")


def test_restore_refuses_a_database_it_cannot_read(folders):
    dump = folders / "dump"
    dump.write_bytes(b"not a database" * 100)
    path = archive.write_archive(folders, dump, connection.vendor, folders / "media")

    with pytest.raises(CommandError, match="cannot be read"):
        restore(path, "--force")
