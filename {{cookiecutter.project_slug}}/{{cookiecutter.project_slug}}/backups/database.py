"""Take the database out to a file and put it back, for the backup commands.

The dumps are django-dbbackup's: SQLite's online backup API, which copies the
database as it was at one moment while the site goes on writing, and PostgreSQL's
pg_dump. SQLite is restored through the same online backup API rather than by
writing over the file, which would leave the old write-ahead log beside it;
PostgreSQL by psql, running pg_restore's script in one transaction.
"""

import contextlib
import logging
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
from pathlib import Path

from dbbackup.db.postgresql import PgDumpBinaryConnector, parse_postgres_settings
from dbbackup.db.sqlite import SqliteBackupConnector
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from .archive import BackupError

# django-dbbackup sets the logger of its commands to DEBUG, which printed pg_dump's
# command line on every backup; the site's own log level decides instead.
logging.getLogger("dbbackup.command").setLevel(logging.NOTSET)

# One COPY row of django_migrations in pg_restore's output: id, app, name, applied.
MIGRATION_ROW = re.compile(r"^\d+\t([^\t]+)\t([^\t]+)\t", re.MULTILINE)


# Tables whose rows a backup leaves out: sessions, whose keys are the cookies of
# signed-in visitors (a copy of them would let its reader act as those visitors).
# A restored site starts with everyone signed out.
TABLES_LEFT_OUT = ("django_session",)


def _postgres_connector() -> PgDumpBinaryConnector:
    # Roles and grants are the server's business, not the data's: the copy is
    # owned by whoever restores it.
    # pg_dump writes the tables in exclude without their rows.
    return PgDumpBinaryConnector(
        pg_options="--no-owner --no-privileges", exclude=list(TABLES_LEFT_OUT)
    )


def dump(target: Path) -> None:
    """Write the database, as it is at one moment, to the file target."""
    connector = (
        _postgres_connector()
        if connection.vendor == "postgresql"
        else SqliteBackupConnector()
    )
    snapshot = connector.create_dump()
    with snapshot, target.open("wb") as file:
        shutil.copyfileobj(snapshot, file)
    if connection.vendor == "sqlite":
        _empty_tables_left_out(target)


def _empty_tables_left_out(copy: Path) -> None:
    """Delete the rows of TABLES_LEFT_OUT from an SQLite copy, leaving no trace of
    them in its free pages."""
    with contextlib.closing(sqlite3.connect(copy)) as database:
        for table in TABLES_LEFT_OUT:
            # The names are this module's own, never a user's.
            database.execute(f'DELETE FROM "{table}"')  # noqa: S608  # nosec B608
        database.commit()
        database.execute("VACUUM")


def recorded_migrations(dump_file: Path, engine: str) -> set[tuple[str, str]]:
    """The migrations the dumped database had applied, read from the dump itself."""
    if engine == "postgresql":
        program = shutil.which("pg_restore")
        if program is None:
            raise BackupError(_("pg_restore is not installed: install PostgreSQL's."))
        # Our own arguments, no shell: nothing from the archive reaches the command.
        pg_restore = subprocess.run(  # noqa: S603
            [
                program, "--data-only", "--table=django_migrations",
                "--file=-", str(dump_file),
            ],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if pg_restore.returncode != 0:
            raise BackupError(
                _("The database dump cannot be read: %(error)s")
                % {"error": pg_restore.stderr.strip()}
            )
        return set(MIGRATION_ROW.findall(pg_restore.stdout))
    try:
        with contextlib.closing(
            sqlite3.connect(f"{dump_file.resolve().as_uri()}?mode=ro", uri=True)
        ) as database:
            (verdict,) = database.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise BackupError(
                    _("The database in the archive fails its integrity check: %(v)s")
                    % {"v": verdict}
                )
            rows = database.execute("SELECT app, name FROM django_migrations")
            return {(app, name) for app, name in rows}
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("The database in the archive cannot be read: %(error)s")
            % {"error": error}
        ) from error


def unknown_migrations(recorded: set[tuple[str, str]]) -> list[str]:
    """Migrations in the dump that this code does not have, as "app.name"."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(f"{app}.{name}" for app, name in recorded - known)


def is_empty() -> bool:
    """Whether the database that settings name has no table yet."""
    return not connection.introspection.table_names()


def restore(dump_file: Path) -> None:
    """Replace the database's contents with the dump's, in one step."""
    if connection.vendor == "postgresql":
        _restore_postgresql(dump_file)
        return
    connection.ensure_connection()
    with contextlib.closing(
        sqlite3.connect(f"{dump_file.resolve().as_uri()}?mode=ro", uri=True)
    ) as source:
        source.backup(connection.connection)


# Run first, in the restore's one transaction: every table goes, those the dump lacks
# too (a later migration's, when an older backup is forced over a newer database),
# so that the dump's tables are made afresh and migrate can make the later ones.
DROP_EVERY_TABLE = b"""
DO $$
DECLARE name text;
BEGIN
    FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('DROP TABLE public.%I CASCADE', name);
    END LOOP;
END $$;
"""


def _restore_postgresql(dump_file: Path) -> None:
    """pg_restore's script, after DROP_EVERY_TABLE, run by psql in one transaction:
    if any statement fails, nothing has changed."""
    pg_restore, psql = shutil.which("pg_restore"), shutil.which("psql")
    if pg_restore is None or psql is None:
        raise BackupError(
            _("pg_restore and psql are needed: install PostgreSQL's client programs.")
        )
    connection_arguments, environment = parse_postgres_settings(_postgres_connector())
    # Our own arguments, no shell: nothing from the archive reaches the commands.
    script = subprocess.run(  # noqa: S603
        [
            pg_restore, "--no-owner", "--no-privileges",
            "--file=-", str(dump_file),
        ],
        capture_output=True, check=False,
    )  # fmt: skip
    if script.returncode == 0:
        script = subprocess.run(  # noqa: S603
            [
                psql, *shlex.split(connection_arguments), "--no-psqlrc",
                "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
                "--output=/dev/null",
            ],
            input=DROP_EVERY_TABLE + script.stdout,
            env={**os.environ, **environment},
            capture_output=True, check=False,
        )  # fmt: skip
    if script.returncode != 0:
        raise BackupError(
            _("The restore failed; the database is as it was: %(error)s")
            % {"error": script.stderr.decode(errors="replace").strip()}
        )
