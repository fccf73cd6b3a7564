"""`make backup` and `make restore` on real databases: a backup taken while other
processes write restores into a consistent site that gunicorn serves; damaged and
foreign archives are refused and change nothing.

Each test works on its own copy of a bake, so that its media folder, backups and
migrations are its own.
"""

import contextlib
import gzip
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from backup_writers import counted_rows, wait_for_rows, writers
from conftest import run
from servers import (
    PROXY_HEADERS,
    get,
    gunicorn,
    prepare_production,
    require_binary,
)

pytestmark = pytest.mark.slow

SLUG = "my_site"
UPLOAD = ("uploads/2026/photo.jpg", b"\xff\xd8 an uploaded picture")
# A password the throwaway server (which trusts loopback) ignores, so that the test
# can look for it in the archive.
PG_PASSWORD = "pg-Secret-Zq81"


def site_copy(bake, variant, tmp_path):
    """A copy of the variant's bake that this test alone writes into."""
    site = tmp_path / "site"
    shutil.copytree(
        bake(variant), site, ignore=shutil.ignore_patterns("cache", "staticfiles")
    )
    return site


def new_database(request, variant, tmp_path, name):
    if variant == "postgres_redis":
        url = request.getfixturevalue("postgres").new_database()
        return url.replace("postgres@", f"postgres:{PG_PASSWORD}@")
    return f"sqlite:///{tmp_path / name}.sqlite3"


def scalar(url, sql):
    if url.startswith("sqlite:"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            return db.execute(sql).fetchone()[0]
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0]


def manage(site, env, *args, check=True):
    return run([sys.executable, "manage.py", *args], cwd=site, env=env, check=check)


def production(request, variant, site, tmp_path):
    extra = {"DJANGO_BACKUP_DIR": str(tmp_path / "backups")}
    if variant == "postgres_redis":
        extra["REDIS_URL"] = request.getfixturevalue("redis").new_database()
    url = new_database(request, variant, tmp_path, "db")
    return prepare_production(site, tmp_path, DATABASE_URL=url, **extra)


def add_upload(site):
    path = site / "media" / UPLOAD[0]
    path.parent.mkdir(parents=True)
    path.write_bytes(UPLOAD[1])


def archive_text(archive):
    """Everything in the archive as text, PostgreSQL's compressed dump unpacked."""
    with gzip.open(archive) as stream:
        text = stream.read().decode("latin-1")
    with tarfile.open(archive) as tar:
        dump = tar.extractfile("database").read()
    if dump.startswith(b"PGDMP"):
        text += subprocess.run(
            ["pg_restore", "--file=-"], input=dump, capture_output=True, check=True
        ).stdout.decode("latin-1")
    return text


@pytest.mark.parametrize("variant", ["default", "no_blog", "postgres_redis"])
def test_a_backup_taken_under_writes_restores_a_consistent_site(
    bake, request, tmp_path, variant
):
    site = site_copy(bake, variant, tmp_path)
    env = production(request, variant, site, tmp_path)
    add_upload(site)
    has_blog = variant != "no_blog"
    queries = counted_rows(has_blog)

    def counts(url=env["DATABASE_URL"]):
        return {name: scalar(url, sql) for name, sql in queries.items()}

    with writers(site, env, tmp_path, SLUG):
        wait_for_rows(counts, 20)
        before = counts()
        backup = manage(site, env, "backup")
        after = counts()
    archive = Path(backup.stdout.strip().splitlines()[-1])
    # Nothing but the path: no debug line with the dump's command and address.
    assert backup.stdout.strip() == str(archive), backup.stdout
    assert PG_PASSWORD not in backup.stdout + backup.stderr
    assert "DEBUG" not in backup.stdout + backup.stderr, backup.stderr

    # The writers kept writing while the backup was taken.
    assert all(after[name] > before[name] for name in queries), (before, after)
    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith(f"{SLUG}-")
    assert archive.name.endswith(".tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    text = archive_text(archive)
    # A writer's name: the search below reads the data itself. (Either writer's: under
    # a loaded machine one may have given up on a locked database as it started.)
    assert "writer-" in text
    for secret in (env["DJANGO_SECRET_KEY"], "mailer:secret", PG_PASSWORD):
        assert secret not in text

    # Restore into a new, empty database and media folder.
    shutil.move(site / "media", tmp_path / "media-at-backup")
    restored_env = {
        **env,
        "DATABASE_URL": new_database(request, variant, tmp_path, "restored"),
    }
    manage(site, restored_env, "restore", archive)
    restored = counts(restored_env["DATABASE_URL"])
    assert all(before[n] <= restored[n] <= after[n] for n in queries), (
        before,
        restored,
        after,
    )
    assert (site / "media" / UPLOAD[0]).read_bytes() == UPLOAD[1]
    if not restored_env["DATABASE_URL"].startswith("postgres"):
        assert scalar(restored_env["DATABASE_URL"], "PRAGMA integrity_check") == "ok"
    if has_blog:
        orphans = (
            "SELECT count(*) FROM blog_comment c "
            "LEFT JOIN blog_post p ON p.id = c.post_id WHERE p.id IS NULL"
        )
        assert scalar(restored_env["DATABASE_URL"], orphans) == 0
        # Each post is written with its one comment in a transaction: both or neither.
        assert restored["posts"] == restored["comments"]

    with gunicorn(site, restored_env, tmp_path) as (port, _, _):
        home, _ = get(port, "/", PROXY_HEADERS)
        assert home.status == 200
        if has_blog:
            slug = scalar(
                restored_env["DATABASE_URL"],
                "SELECT slug FROM blog_post ORDER BY id DESC LIMIT 1",
            )
            page, body = get(port, f"/blog/{slug}/", PROXY_HEADERS)
            assert page.status == 200
            assert b"Written during a backup." in body


LATER_MIGRATION = """from django.db import migrations


class Migration(migrations.Migration):
    operations = [
        migrations.RunSQL(
            "CREATE TABLE core_later (id integer PRIMARY KEY)",
            "DROP TABLE core_later",
        ),
    ]
"""


def test_an_older_backup_is_migrated_and_a_newer_one_refused(bake, request, tmp_path):
    site = site_copy(bake, "default", tmp_path)
    env = production(request, "default", site, tmp_path)
    older = Path(manage(site, env, "backup").stdout.strip().splitlines()[-1])

    migration = site / SLUG / "core" / "migrations" / "0001_later.py"
    migration.write_text(LATER_MIGRATION)
    newer_env = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'newer.sqlite3'}"}
    manage(site, newer_env, "restore", older)
    applied = "SELECT count(*) FROM django_migrations WHERE app = 'core'"
    assert scalar(newer_env["DATABASE_URL"], applied) == 1
    assert scalar(newer_env["DATABASE_URL"], "SELECT count(*) FROM core_later") == 0

    newer = Path(manage(site, newer_env, "backup").stdout.strip().splitlines()[-1])
    migration.unlink()
    older_env = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'older.sqlite3'}"}
    refused = manage(site, older_env, "restore", newer, check=False)
    assert refused.returncode == 1
    assert "migrations this project does not have: core.0001_later" in refused.stderr
    assert not (tmp_path / "older.sqlite3").exists()


def test_an_older_backup_forced_over_a_newer_postgresql_database_is_migrated(
    bake, request, tmp_path
):
    site = site_copy(bake, "postgres_redis", tmp_path)
    env = production(request, "postgres_redis", site, tmp_path)
    url = env["DATABASE_URL"]
    older = Path(manage(site, env, "backup").stdout.strip().splitlines()[-1])
    # Later code adds a table, and the site goes on: a user signs up.
    migration = site / SLUG / "core" / "migrations" / "0001_later.py"
    migration.write_text(LATER_MIGRATION)
    manage(site, env, "migrate")
    with psycopg.connect(url) as database:
        database.execute("INSERT INTO core_later VALUES (1)")
    sign_up = "from users.models import User; User.objects.create_user('late')"
    manage(site, env, "shell", "-c", sign_up.replace("users.", f"{SLUG}.users."))

    manage(site, env, "restore", "--force", older)

    # The data of the moment of the backup, and the later table made again, empty.
    assert scalar(url, "SELECT count(*) FROM users_user WHERE username = 'late'") == 0
    assert scalar(url, "SELECT count(*) FROM core_later") == 0
    applied = "SELECT count(*) FROM django_migrations WHERE app = 'core'"
    assert scalar(url, applied) == 1


def bad_archives(bake, good, tmp_path):
    """Archives that must be refused, each with the words its refusal must use."""
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    flipped = tmp_path / "flipped.tar.gz"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(data)
    empty = tmp_path / "empty.tar.gz"
    empty.touch()

    other = bake("tricky_text")
    other_dir = tmp_path / "other"
    other_env = prepare_production(
        other, other_dir, DJANGO_BACKUP_DIR=str(other_dir / "backups")
    )
    foreign = Path(manage(other, other_env, "backup").stdout.strip().splitlines()[-1])
    return {
        truncated: "is truncated",
        flipped: "is damaged",
        empty: "is empty",
        tmp_path / "missing.tar.gz": "There is no backup archive at",
        foreign: "is a backup of the project 'zoe_s_cafe_corner', not of 'my_site'",
    }


def state(site, url):
    """The database's rows and the media folder's files, to compare."""
    with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
        rows = list(db.iterdump())
    media = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted((site / "media").rglob("*"))
        if path.is_file()
    }
    return rows, media, sorted(os.listdir(site))


def test_bad_archives_are_refused_and_change_nothing(bake, request, tmp_path):
    site = site_copy(bake, "default", tmp_path)
    env = production(request, "default", site, tmp_path)
    add_upload(site)
    good = Path(manage(site, env, "backup").stdout.strip().splitlines()[-1])
    manage(site, env, "seed_demo")  # the data now differs from the good archive's
    expected = state(site, env["DATABASE_URL"])

    for archive, words in bad_archives(bake, good, tmp_path).items():
        # Even told to replace the data, the restore refuses before touching it.
        refused = manage(site, env, "restore", archive, "--force", check=False)
        assert refused.returncode == 1, (archive.name, refused.stdout)
        assert words in refused.stderr, (archive.name, refused.stderr)
        assert "Traceback" not in refused.stderr
        assert state(site, env["DATABASE_URL"]) == expected, archive.name

    # A non-empty database is replaced only when asked.
    refused = manage(site, env, "restore", good, check=False)
    assert "The database already holds tables" in refused.stderr
    assert state(site, env["DATABASE_URL"]) == expected


@pytest.mark.parametrize("variant", ["default", "postgres_redis"])
def test_the_daily_backup_units_pass_systemd_verify(bake, tmp_path, variant):
    systemd_analyze = require_binary("systemd-analyze")
    deploy = bake(variant) / "deploy"
    service = (deploy / "backup.service").read_text()
    python = f"/srv/{SLUG}/.venv/bin/python"
    assert f"ExecStart={python} manage.py backup" in service
    assert f"Environment=DJANGO_BACKUP_DIR=/var/lib/{SLUG}/backups" in service
    # Installed under the names the timer and the files' comments use; verify wants
    # the program to exist, and this machine has no deployed site.
    units = [tmp_path / f"{SLUG}-backup.service", tmp_path / f"{SLUG}-backup.timer"]
    units[0].write_text(service.replace(python, sys.executable))
    shutil.copy(deploy / "backup.timer", units[1])

    result = run([systemd_analyze, "verify", *units], cwd=tmp_path, check=False)

    assert result.returncode == 0, result.stderr
    assert f"Unit={SLUG}-backup.service" in units[1].read_text()
