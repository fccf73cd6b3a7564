"""`manage.py backup` and `manage.py restore` on the test database.

The template's own tests take and restore backups on real SQLite and PostgreSQL
servers while other processes write; these check the commands' rules, fast.
"""

import gzip
import io
import json
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from {{ cookiecutter.project_slug }}.core.backups import archive, database
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


def test_an_archive_that_fails_midway_leaves_nothing_behind(folders):
    directory = folders / "backups"
    with pytest.raises(FileNotFoundError):
        archive.write_archive(directory, folders / "no-dump", "sqlite", folders)
    assert list(directory.iterdir()) == []


@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="needs pg_restore")
def test_a_postgresql_dump_that_is_not_one_is_refused(folders):
    dump = folders / "dump"
    dump.write_bytes(b"not a dump" * 100)

    with pytest.raises(archive.BackupError, match="dump cannot be read"):
        database.recorded_migrations(dump, "postgresql")


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


# --- Archives refused before anything is read from them ------------------------


@pytest.fixture
def good(folders):
    dump = folders / "dump"
    dump.write_bytes(b"the database" * 1000)
    return archive.write_archive(folders / "backups", dump, "sqlite", folders)


def rewritten(path, change):
    """A copy of the archive with its tar stream changed, properly compressed again."""
    data = change(gzip.decompress(path.read_bytes()))
    copy = path.with_name("changed.tar.gz")
    copy.write_bytes(gzip.compress(data))
    return copy


def flipped(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy = path.with_name("flipped.tar.gz")
    copy.write_bytes(data)
    return copy


def foreign(path):
    manifest = json.dumps({"project": "other_site", "format": "other_site-backup/1"})
    return _with_manifest(path, manifest.encode())


def _with_manifest(path, manifest):
    copy = path.with_name("other.tar.gz")
    with tarfile.open(path) as source, tarfile.open(copy, "w:gz") as tar:
        for member in source:
            if member.name == archive.MANIFEST:
                member.size = len(manifest)
                tar.addfile(member, io.BytesIO(manifest))
            else:
                tar.addfile(member, source.extractfile(member))
    return copy


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.with_name("missing.tar.gz"), "There is no backup archive at"),
        (lambda p: p.with_name("empty").touch() or p.with_name("empty"), "is empty"),
        (lambda p: p.with_name("half").write_bytes(p.read_bytes()[:200]) and p.with_name("half"), "is truncated"),
        (flipped, "is damaged"),
        (lambda p: rewritten(p, lambda d: d.replace(b"the database", b"the dAtabase", 1)), "checksum of database does not match"),
        (lambda p: rewritten(p, lambda d: b"x" * 2048), "is damaged"),
        (foreign, "is a backup of the project 'other_site'"),
        (lambda p: _with_manifest(p, b"[]"), "manifest names no project"),
        (lambda p: _with_manifest(p, b"{"), "has no readable manifest"),
        (lambda p: _with_manifest(p, json.dumps({"project": archive.PROJECT, "format": archive.FORMAT}).encode()), "lists no checksums"),
        (lambda p: _with_manifest(p, json.dumps({"project": archive.PROJECT, "format": archive.FORMAT, "sha256": {}}).encode()), "do not match its manifest"),
        (lambda p: p.with_name("plain").write_text("a note") and p.with_name("plain"), "not gzip-compressed"),
    ],
)  # fmt: skip
def test_a_bad_archive_is_refused_with_its_reason(good, tmp_path, damage, message):
    into = tmp_path / "unpacked"
    into.mkdir()
    with pytest.raises(archive.BackupError, match=message):
        archive.open_archive(damage(good), into)


def test_an_archive_may_hold_only_plain_files(good, tmp_path):
    link = tarfile.TarInfo("media/link")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    copy = tmp_path / "link.tar.gz"
    with tarfile.open(copy, "w:gz") as tar:
        tar.addfile(link)
    with pytest.raises(archive.BackupError, match="not a plain file"):
        archive.open_archive(copy, tmp_path)
