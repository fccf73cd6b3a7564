"""Throwaway PostgreSQL and Redis servers on loopback, for the bakes that use them.

Loaded as a pytest plugin by conftest.py: the `postgres` and `redis` fixtures start
one server of each per test session (per xdist worker), only if a test asks.
"""

import contextlib
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

import psycopg
import pytest
import redis as redis_client
from servers import (
    free_port,
    prepare_production,
    require_binary,
    stop,
    wait_until_listening,
)
from traffic import seed_demo

DRIVERS = {"psycopg": "postgres", "redis": "redis"}

# PostgreSQL refuses to run as root; under root the cluster belongs to this user.
POSTGRES_USER_WHEN_ROOT = "nobody"


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self):
        self.initdb = require_binary("initdb")
        self.pg_ctl = require_binary("pg_ctl")
        self.port = free_port()
        # Not below pytest's tmp_path: that is private to the user running the tests,
        # and the server may run as another.
        self.root = Path(tempfile.mkdtemp(prefix="postgres-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._names = itertools.count(1)
        self._as_owner = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam(POSTGRES_USER_WHEN_ROOT)
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self._as_owner = ["runuser", "-u", owner.pw_name, "--"]

    def _run(self, *args):
        result = subprocess.run(
            [*self._as_owner, *args], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            pytest.fail(f"{args[0]} failed:\n{result.stdout}{result.stderr}\n{log}")

    def create(self):
        # Trust on loopback: a throwaway cluster with nothing worth a password.
        self._run(
            self.initdb,
            "--pgdata",
            self.data,
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )

    def start(self):
        # Speed over durability: nothing here must survive a crash.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            self.pg_ctl, "--pgdata", self.data, "--log", self.log, "-o", options,
            "--wait", "start",
        )  # fmt: skip

    def stop(self):
        self._run(self.pg_ctl, "--pgdata", self.data, "--mode", "fast", "stop")

    def url(self, name="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def new_database(self):
        """Create an empty database and return its URL."""
        name = f"site_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def tables(self, url):
        with psycopg.connect(url) as connection:
            rows = connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        return {name for (name,) in rows}

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    """redis-server on 127.0.0.1, keeping nothing on disk."""

    def __init__(self, workdir):
        self.binary = require_binary("redis-server")
        self.port = free_port()
        self.workdir = workdir
        self.log = workdir / f"redis-{self.port}.log"
        self.process = None
        self._databases = itertools.cycle(range(16))

    def start(self):
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--port", str(self.port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", str(self.workdir),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until_listening(self.port, self.process, self.log)

    def stop(self):
        stop(self.process)

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def new_database(self):
        """The URL of one of Redis's numbered databases, emptied first."""
        url = self.url(next(self._databases))
        with contextlib.closing(redis_client.Redis.from_url(url)) as client:
            client.flushdb()
        return url


@contextlib.contextmanager
def postgres_cluster():
    cluster = PostgresCluster()
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        if cluster.data.joinpath("postmaster.pid").exists():
            cluster.stop()
        cluster.remove()


@contextlib.contextmanager
def redis_server(workdir):
    server = RedisServer(workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def prepare_seeded_site(project, workdir, postgres, redis):
    """Production settings on a new database in each server, migrated and seeded."""
    env = prepare_production(
        project,
        workdir,
        DATABASE_URL=postgres.new_database(),
        REDIS_URL=redis.new_database(),
    )
    seed_demo(project, env)
    return env


@pytest.fixture(scope="session")
def postgres():
    """One PostgreSQL cluster for the session; each user takes a new database."""
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def redis(tmp_path_factory):
    """One Redis server for the session; each user takes an emptied database."""
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


def chosen_services(project):
    """The servers a bake needs, read from the drivers its pyproject.toml lists."""
    metadata = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    names = {re.match(r"[\w-]+", dep)[0] for dep in metadata["project"]["dependencies"]}
    return [service for driver, service in DRIVERS.items() if driver in names]


def service_env(request, project):
    """DATABASE_URL and REDIS_URL of a fresh database on each server the bake uses."""
    variables = {"postgres": "DATABASE_URL", "redis": "REDIS_URL"}
    return {
        variables[service]: request.getfixturevalue(service).new_database()
        for service in chosen_services(project)
    }


@pytest.fixture
def project_env(request, project):
    """The variables that point `project` at its own services (none for SQLite)."""
    return service_env(request, project)
