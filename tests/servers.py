"""Start and stop the processes the slow tests need: gunicorn and system services."""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import (
    BIN_DIR,
    TEMPLATE_DIR,
    clean_env,
    compile_messages,
    production_env,
    run,
)


def require_binary(name):
    """The path of a system program; skip without it, but fail under CI=true."""
    search_path = os.pathsep.join(
        [os.environ.get("PATH", ""), "/usr/sbin", "/usr/lib/postgresql/15/bin"]
    )
    path = shutil.which(name, path=search_path)
    if path is None:
        unavailable(
            f"{name} is not installed (install Debian's package to run this test)"
        )
    return path


def require_node_package(name):
    """The folder of an npm package; skip without it, but fail under CI=true."""
    folder = TEMPLATE_DIR / "node_modules" / name
    if not folder.is_dir():
        unavailable(f"the npm package {name} is not installed (run make install-node)")
    return folder


def unavailable(message):
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, headers=None, method="GET", body=None, context=None):
    """One request to 127.0.0.1:port; returns the response and its body.

    With an SSL context, the request goes over HTTPS. The timeout only stops a hung
    test: it is generous because the load tests may be saturating the machine's cores
    at the same moment.
    """
    if context is None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    else:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=60, context=context
        )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


# What a TLS-terminating proxy adds to each request it passes to gunicorn.
PROXY_HEADERS = {"Host": "example.com", "X-Forwarded-Proto": "https"}


class Visitor:
    """A browser behind a TLS proxy, reduced to what the tests need: it keeps its
    cookies and fills in forms, on whichever server (port) it is sent to."""

    def __init__(self, headers=PROXY_HEADERS, origin="https://example.com", tls=None):
        """headers and origin: those a browser sends to a server without a proxy
        in front (as under `make prod-local`) instead; tls: an SSL context, to speak
        HTTPS to a real proxy (nginx)."""
        self.cookies = {}
        self.headers = headers
        self.origin = origin
        self.tls = tls

    def get(self, port, path):
        headers = {**self.headers, **self._cookie_header()}
        response, body = get(port, path, headers, context=self.tls)
        self._keep_cookies(response)
        return response, body.decode()

    def submit(self, port, path, fields, action=None):
        """Fetch the form at path for its CSRF token, then post fields to it (or to
        action, where the page's form sends them elsewhere)."""
        _, form = self.get(port, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        response, body = get(
            port,
            action or path,
            {
                **self.headers,
                **self._cookie_header(),
                "Origin": self.origin,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            method="POST",
            body=urlencode({"csrfmiddlewaretoken": token, **fields}),
            context=self.tls,
        )
        self._keep_cookies(response)
        return response, body.decode()

    def _cookie_header(self):
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _keep_cookies(self, response):
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, content = cookie.partition("=")
                self.cookies[key] = content


def wait_until_listening(port, process, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited early:\n{log_path.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server did not listen on port {port} within {timeout}s")


def stop(process, timeout=30):
    """SIGTERM, then SIGKILL if the process has not exited in time."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_group(process, timeout=30):
    """Stop a process started with start_new_session=True, and all it started.

    SIGTERM goes to the whole group; whatever is left once the leader has exited, or
    after timeout, gets SIGKILL. Django's autoreloading runserver can hang for good on
    SIGTERM, its parent stuck on a lock while it waits for the child.
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def prepare_production(project, workdir, **extra):
    """Production settings, migrated, with static files collected.

    The database is a new SQLite file in workdir unless extra names DATABASE_URL;
    the file cache is in workdir too, not in the bake that other tests read.
    """
    env = production_env(
        **{
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "CACHE_URL": f"filecache://{workdir / 'cache'}",
            **extra,
        }
    )
    workdir.mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput"], cwd=project, env=env)
    run([*manage, "collectstatic", "--noinput"], cwd=project, env=env)
    compile_messages(project)
    return env


@contextlib.contextmanager
def gunicorn(project, env, workdir, port=None, args=()):
    """Serve project with its own gunicorn.conf.py; yields (port, process, log_path).

    args go to gunicorn's command line, e.g. an application to serve instead.

    The log goes to a file, not a pipe: under load an unread pipe fills and stalls
    the server.
    """
    port = port or free_port()
    log_path = workdir / f"gunicorn-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [BIN_DIR / "gunicorn", *args],
            cwd=project,
            env=clean_env({"PORT": str(port), "WEB_CONCURRENCY": "2", **env}),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, process, log_path)
        yield port, process, log_path
    finally:
        stop(process)


def worker_pids(master_pid):
    """The gunicorn master's live workers: its child processes, read from /proc."""
    workers = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name is in parentheses and may hold spaces: split after it.
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        if int(parent) == master_pid and state != "Z":
            workers.add(int(stat.parent.name))
    return workers


def wait_for_workers(master_pid, count, replacing=(), timeout=30):
    """Wait until the master runs `count` workers, none of them in `replacing`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = worker_pids(master_pid)
        if len(workers) == count and not workers & set(replacing):
            return workers
        time.sleep(0.1)
    pytest.fail(
        f"gunicorn {master_pid} runs workers {sorted(worker_pids(master_pid))} "
        f"after {timeout}s; expected {count}, none of {sorted(replacing)}"
    )
