"""`manage.py restore ARCHIVE`: put a backup's database and media back."""

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from ... import archive, database


class Command(BaseCommand):
    help = (
        "Check a backup archive, then restore it into the database DATABASE_URL "
        "names and into MEDIA_ROOT, and apply the migrations it lacks."
    )
    # Not before the archive is checked: some model checks open the database, which
    # creates a SQLite file. migrate runs them once the restore is done.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the archive to restore")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data already in the database and the media folder",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        media_root = Path(settings.MEDIA_ROOT)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        # Unpacked beside the media folder, so that the new one replaces it in one
        # rename; removed on the way out, whatever happens.
        with tempfile.TemporaryDirectory(
            dir=media_root.parent, prefix=".restore-"
        ) as workdir:
            unpacked = Path(workdir)
            try:
                manifest = self.check_archive(
                    options["archive"], unpacked, force=options["force"]
                )
                database.restore(unpacked / archive.DATABASE)
            except archive.BackupError as error:
                raise CommandError(str(error)) from error
            self.replace_media(unpacked / archive.MEDIA, media_root, unpacked)
        connection.close()
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        self.stdout.write(
            _("Restored %(archive)s, taken at %(created)s.")
            % {"archive": options["archive"], "created": manifest.created}
        )

    def check_archive(
        self, path: Path, unpacked: Path, *, force: bool
    ) -> archive.Manifest:
        """Everything that can refuse the restore, before anything is changed."""
        manifest = archive.open_archive(path, unpacked)
        if manifest.engine != connection.vendor:
            raise archive.BackupError(
                _("%(path)s holds a %(engine)s database; this site uses %(vendor)s.")
                % {"path": path, "engine": manifest.engine, "vendor": connection.vendor}
            )
        recorded = database.recorded_migrations(
            unpacked / archive.DATABASE, manifest.engine
        )
        if unknown := database.unknown_migrations(recorded):
            raise archive.BackupError(
                _(
                    "%(path)s was made by code with migrations this project does "
                    "not have: %(names)s."
                )
                % {"path": path, "names": ", ".join(unknown)}
            )
        if force:
            return manifest
        if not database.is_empty():
            raise archive.BackupError(
                _(
                    "The database already holds tables; restore into an empty one, "
                    "or add --force (FORCE=1 with make) to replace its data."
                )
            )
        if settings.MEDIA_ROOT and any(Path(settings.MEDIA_ROOT).glob("*")):
            raise archive.BackupError(
                _(
                    "%(media)s is not empty; add --force (FORCE=1 with make) to "
                    "replace it."
                )
                % {"media": settings.MEDIA_ROOT}
            )
        return manifest

    def replace_media(self, restored: Path, media_root: Path, workdir: Path) -> None:
        """Swap the restored media folder in; the old one goes with workdir."""
        restored.mkdir(exist_ok=True)
        if media_root.exists():
            media_root.rename(workdir / "replaced-media")
        restored.rename(media_root)
