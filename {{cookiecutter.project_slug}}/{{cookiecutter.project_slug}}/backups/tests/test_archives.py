"""Backup archives: written whole or not at all, and refused, with the reason, when
damaged or foreign. Nothing here touches the database."""

import gzip
import io
import json
import shutil
import tarfile

import pytest

from {{ cookiecutter.project_slug }}.backups import archive, database


def test_an_archive_that_fails_midway_leaves_nothing_behind(tmp_path):
    directory = tmp_path / "backups"
    with pytest.raises(FileNotFoundError):
        archive.write_archive(directory, tmp_path / "no-dump", "sqlite", tmp_path)
    assert list(directory.iterdir()) == []


@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="needs pg_restore")
def test_a_postgresql_dump_that_is_not_one_is_refused(tmp_path):
    dump = tmp_path / "dump"
    dump.write_bytes(b"not a dump" * 100)

    with pytest.raises(archive.BackupError, match="dump cannot be read"):
        database.recorded_migrations(dump, "postgresql")


@pytest.fixture
def good(tmp_path):
    dump = tmp_path / "dump"
    dump.write_bytes(b"the database" * 1000)
    return archive.write_archive(tmp_path / "backups", dump, "sqlite", tmp_path)


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
