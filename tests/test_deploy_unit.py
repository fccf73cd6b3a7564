"""The systemd unit lets the app write everywhere its production settings write.

deploy/gunicorn.service runs with ProtectSystem=strict: the whole file system is
read-only but for the folders the unit names. Every path the production settings
point at (database, cache, uploads, and any path a later setting adds) must lie in
a folder the unit both makes writable and has systemd create: a folder that does not
exist stops systemd from starting the unit, and one that cannot be written turns
every write into an error.
"""

import json
import os
import sys
import textwrap
from pathlib import PurePosixPath

import pytest
from conftest import production_env, run

pytestmark = pytest.mark.slow

# Where systemd creates each kind of directory a unit asks for, writable under
# ProtectSystem=strict (systemd.exec(5)).
SYSTEMD_DIRECTORIES = {
    "StateDirectory": "/var/lib",
    "CacheDirectory": "/var/cache",
    "LogsDirectory": "/var/log",
    "RuntimeDirectory": "/run",
}

# Settings that name paths the app only reads: its code, its templates, and the
# static files collectstatic writes at deploy time as the deploying user.
READ_ONLY_SETTINGS = {
    "BASE_DIR",
    "STATIC_ROOT",
    "STATICFILES_DIRS",
    "LOCALE_PATHS",
    "TEMPLATES",
    "FORMAT_MODULE_PATH",
}

# Run inside the bake: every absolute path in the loaded settings, by setting name.
COLLECT_PATHS = textwrap.dedent(
    """
    import json
    import os

    import django
    from django.conf import settings

    django.setup()

    def paths(value):
        if isinstance(value, os.PathLike):
            yield os.fspath(value)
        elif isinstance(value, str) and value.startswith("/"):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from paths(item)
        elif isinstance(value, (list, tuple, set)):
            for item in value:
                yield from paths(item)

    print(json.dumps({
        name: sorted(set(paths(getattr(settings, name))))
        for name in dir(settings)
        # Addresses, not files: STATIC_URL = "/static/", SESSION_COOKIE_PATH = "/".
        if name.isupper() and not name.endswith(("_URL", "_COOKIE_PATH"))
    }))
    """
)


def read_unit(project, name="gunicorn.service"):
    """The [Service] settings of one of deploy/'s units: each key's values."""
    # Not configparser: a unit repeats keys (Environment=), each line adding one.
    text = (project / "deploy" / name).read_text("utf-8")
    service = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            service.setdefault(key.strip(), []).append(value.strip())
    return service


def unit_environment(service):
    return dict(line.split("=", 1) for line in service.get("Environment", []))


def created_directories(service):
    """The folders systemd creates (and lets the app write) for this unit."""
    return [
        PurePosixPath(SYSTEMD_DIRECTORIES[key]) / name
        for key in SYSTEMD_DIRECTORIES
        for line in service.get(key, [])
        for name in line.split()
    ]


def written_paths(project, environment, modules=()):
    """Every path the settings name outside READ_ONLY_SETTINGS, as settings see it."""
    env = production_env(**environment)
    env["PYTHONPATH"] = os.pathsep.join(map(str, [project, *modules]))
    result = run([sys.executable, "-c", COLLECT_PATHS], cwd=project, env=env)
    by_setting = json.loads(result.stdout)
    return {
        name: paths
        for name, paths in by_setting.items()
        if paths and name not in READ_ONLY_SETTINGS
    }


def written_by(unit, paths_by_setting):
    """The paths this unit writes: all but those WRITTEN_ONLY_BY another unit."""
    return {
        name: paths
        for name, paths in paths_by_setting.items()
        if WRITTEN_ONLY_BY.get(name, unit) == unit
    }


def uncovered(paths_by_setting, directories):
    """Paths that are neither a created folder nor inside one."""
    return {
        name: path
        for name, paths in paths_by_setting.items()
        for path in paths
        if not any(
            PurePosixPath(path) == folder or folder in PurePosixPath(path).parents
            for folder in directories
        )
    }


# Every unit that runs the project's code: the app server, the task worker, and any
# unit a later change adds to deploy/.
UNITS = [
    "gunicorn.service",
    "worker.service",
    "backup.service",
    "prune-tasks.service",
    "clear-sessions.service",
]

# Settings only one unit writes through; the others never write there, so need not be
# able to (the app server cannot touch the backups).
WRITTEN_ONLY_BY = {"BACKUP_DIR": "backup.service"}


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("variant", ["default", "no_blog", "postgres_redis"])
def test_the_unit_lets_the_app_write_wherever_its_settings_write(bake, variant, unit):
    project = bake(variant)
    service = read_unit(project, unit)
    directories = created_directories(service)
    written = written_by(unit, written_paths(project, unit_environment(service)))

    assert service["ProtectSystem"] == ["strict"]
    # Named at all: the database (SQLite), the cache (files) and the uploads.
    assert "MEDIA_ROOT" in written
    if variant != "postgres_redis":
        assert {"DATABASES", "CACHES"} <= set(written)
    assert uncovered(written, directories) == {}
    # Nothing writable that systemd would not create: a missing ReadWritePaths=
    # folder stops the unit from starting.
    assert "ReadWritePaths" not in service


def test_a_new_setting_that_writes_elsewhere_is_caught(bake, tmp_path):
    # Say a later change adds a folder for exports and forgets the unit.
    project = bake("default")
    (tmp_path / "with_exports.py").write_text(
        "from config.settings.production import *  # noqa: F403\n"
        "EXPORT_DIR = BASE_DIR / 'exports'  # noqa: F405\n"
    )
    service = read_unit(project)
    environment = unit_environment(service) | {"DJANGO_SETTINGS_MODULE": "with_exports"}

    written = written_paths(project, environment, modules=[tmp_path])

    assert uncovered(
        written_by("gunicorn.service", written), created_directories(service)
    ) == {"EXPORT_DIR": str(project / "exports")}


def test_every_unit_that_runs_the_project_is_checked(bake):
    units = {path.name for path in (bake("default") / "deploy").glob("*.service")}
    assert units == set(UNITS)
