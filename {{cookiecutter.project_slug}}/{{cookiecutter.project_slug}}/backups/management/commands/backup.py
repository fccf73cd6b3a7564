"""`manage.py backup`: save the database and the media into one archive."""

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ... import archive, database


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded media, as they are at one moment, into "
        "one archive in BACKUP_DIR; print its path last. Keeps the BACKUP_KEEP newest."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(settings.BACKUP_DIR)
        try:
            with tempfile.TemporaryDirectory(prefix="backup-") as workdir:
                dump = Path(workdir) / archive.DATABASE
                # The database first: every media file it names was saved before it,
                # so it is in the archive too (files are added, never changed).
                database.dump(dump)
                path = archive.write_archive(
                    directory, dump, connection.vendor, Path(settings.MEDIA_ROOT)
                )
        except (OSError, archive.BackupError) as error:
            raise CommandError(str(error)) from error
        for old in archive.prune(directory, settings.BACKUP_KEEP):
            self.stderr.write(f"Removed the old backup {old}")
        self.stdout.write(str(path))
