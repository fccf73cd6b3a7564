"""One backup archive: a gzip-compressed tar file of the database dump, the media
files and a manifest that names the project and holds the SHA-256 of every file.

Nothing in an archive is trusted before `open_archive` has checked all of it: the
compressed stream to its end (gzip's CRC catches a flipped byte or a cut-off file),
the manifest, and each file against its checksum.
"""

import contextlib
import gzip
import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

# The project package's name, such as "my_site": an archive names the project it
# belongs to, and a restore refuses another project's archive.
PROJECT = __name__.split(".", 1)[0]
FORMAT = f"{PROJECT}-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database"
MEDIA = "media"
SUFFIX = ".tar.gz"
GZIP_MAGIC = b"\x1f\x8b"


class BackupError(Exception):
    """An archive that cannot be written or is refused; the message says why."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created: str
    checksums: dict[str, str]


def archive_name(now: datetime) -> str:
    """Archives sort by their names in the order they were taken."""
    return f"{PROJECT}-{now:%Y%m%dT%H%M%S.%fZ}{SUFFIX}"


class _Hashing:
    """A file reader that hashes what the tar writer reads from it."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> str:
    info = tar.gettarinfo(path, arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as file:
        reader = _Hashing(file)
        tar.addfile(info, reader)
    return reader.sha256.hexdigest()


def _media_files(media_root: Path) -> Iterator[Path]:
    if media_root.is_dir():
        for path in sorted(media_root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def write_archive(directory: Path, dump: Path, engine: str, media_root: Path) -> Path:
    """Write the dump and the media into a new archive in directory; return its path.

    The archive is written under a hidden name, readable by its owner only, and takes
    its real name once complete: a crash never leaves a half archive that looks whole.
    """
    now = datetime.now(tz=UTC)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / archive_name(now)
    partial = directory / f".{path.name}.partial"
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as file,
            tarfile.open(fileobj=file, mode="w:gz") as tar,
        ):
            checksums = {DATABASE: _add_file(tar, dump, DATABASE)}
            for media_file in _media_files(media_root):
                name = f"{MEDIA}/{media_file.relative_to(media_root).as_posix()}"
                checksums[name] = _add_file(tar, media_file, name)
            manifest = {
                "format": FORMAT,
                "project": PROJECT,
                "engine": engine,
                "created": now.isoformat(),
                "sha256": checksums,
            }
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
        partial.rename(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _check_stream(path: Path) -> None:
    """Read the whole compressed stream: gzip checks its length and CRC at the end."""
    with path.open("rb") as file:
        if file.read(2) != GZIP_MAGIC:
            raise BackupError(
                _("%(path)s is not a backup archive: it is not gzip-compressed.")
                % {"path": path}
            )
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except EOFError as error:
        raise BackupError(
            _("%(path)s is truncated: the archive ends before its last byte.")
            % {"path": path}
        ) from error
    except (zlib.error, OSError) as error:  # BadGzipFile, a CRC mismatch, is one
        raise BackupError(
            _("%(path)s is damaged: %(error)s.") % {"path": path, "error": error}
        ) from error


def _extract(path: Path, into: Path) -> None:
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if not (member.isfile() or member.isdir()):
                    raise BackupError(
                        _("%(path)s holds %(name)s, which is not a plain file.")
                        % {"path": path, "name": member.name}
                    )
                # The "data" filter refuses absolute paths and paths out of `into`.
                tar.extract(member, into, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            _("%(path)s is damaged: %(error)s.") % {"path": path, "error": error}
        ) from error


def _read_manifest(path: Path, into: Path) -> dict[str, object]:
    try:
        manifest = json.loads((into / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            _("%(path)s is not a backup of this kind: it has no readable manifest.")
            % {"path": path}
        ) from error
    if not isinstance(manifest, dict) or "project" not in manifest:
        raise BackupError(
            _("%(path)s is not a backup of this kind: its manifest names no project.")
            % {"path": path}
        )
    if manifest["project"] != PROJECT or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s is a backup of the project %(other)r, not of %(project)r.")
            % {"path": path, "other": manifest["project"], "project": PROJECT}
        )
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_files(path: Path, into: Path, checksums: dict[str, str]) -> None:
    present = {
        file.relative_to(into).as_posix() for file in into.rglob("*") if file.is_file()
    }
    present.discard(MANIFEST)
    if present != set(checksums) or DATABASE not in checksums:
        raise BackupError(
            _("%(path)s is damaged: its files do not match its manifest.")
            % {"path": path}
        )
    for name, expected in checksums.items():
        if _sha256(into / name) != expected:
            raise BackupError(
                _("%(path)s is damaged: the checksum of %(name)s does not match.")
                % {"path": path, "name": name}
            )


def open_archive(path: Path, into: Path) -> Manifest:
    """Check the archive at path and extract it into the empty folder `into`.

    Raises BackupError, with a message for people, on anything but a whole archive
    of this project; `into` may then hold part of it, and the caller removes it.
    """
    if not path.is_file():
        raise BackupError(_("There is no backup archive at %(path)s.") % {"path": path})
    if path.stat().st_size == 0:
        raise BackupError(_("%(path)s is empty: it is not a backup.") % {"path": path})
    _check_stream(path)
    _extract(path, into)
    manifest = _read_manifest(path, into)
    checksums = manifest.get("sha256")
    if not isinstance(checksums, dict):
        raise BackupError(
            _("%(path)s is damaged: its manifest lists no checksums.") % {"path": path}
        )
    _check_files(path, into, checksums)
    return Manifest(
        engine=str(manifest.get("engine")),
        created=str(manifest.get("created")),
        checksums=checksums,
    )


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives of this project; return those gone."""
    archives = sorted(directory.glob(f"{PROJECT}-*{SUFFIX}"), reverse=True)
    removed = archives[keep:]
    for archive in removed:
        with contextlib.suppress(FileNotFoundError):
            archive.unlink()
    return removed
