"""The default bake serves in production mode: gunicorn, static files by whitenoise."""

import http.client
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
from conftest import BIN_DIR, clean_env, production_env, run

pytestmark = pytest.mark.slow

PROXY_HEADERS = {"Host": "example.com", "X-Forwarded-Proto": "https"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def wait_until_serving(port, process, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited early:\n{process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not listen on port {port} within {timeout}s")


@pytest.fixture(scope="module")
def server(bake, tmp_path_factory):
    """Gunicorn serving the default bake with production settings on a free port."""
    project = bake("default")
    database = tmp_path_factory.mktemp("db") / "db.sqlite3"
    port = free_port()
    env = production_env(
        DATABASE_URL=f"sqlite:///{database}", PORT=str(port), WEB_CONCURRENCY="2"
    )
    run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=project, env=env)
    run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=project,
        env=env,
    )

    # No arguments: gunicorn.conf.py in the project folder says everything.
    process = subprocess.Popen(
        [BIN_DIR / "gunicorn"],
        cwd=project,
        env=clean_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_serving(port, process)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_home_page_answers_200_behind_a_tls_proxy(server):
    response, body = get(server, "/", PROXY_HEADERS)

    assert response.status == 200
    assert b"<!doctype html>" in body.lower()
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")


def test_plain_http_is_redirected_to_https(server):
    response, _ = get(server, "/", {"Host": "example.com"})

    assert response.status == 301
    assert response.getheader("Location") == "https://example.com/"


def test_unknown_host_is_refused(server):
    response, _ = get(server, "/", {**PROXY_HEADERS, "Host": "attacker.test"})

    assert response.status == 400


def test_linked_stylesheet_is_compressed_and_cached_forever(server):
    _, body = get(server, "/", PROXY_HEADERS)
    stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', body).group(1)
    # The manifest storage names the file after its content, so it may never change.
    assert re.search(rb"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet

    response, css = get(
        server,
        stylesheet.decode(),
        {**PROXY_HEADERS, "Accept-Encoding": "br, gzip"},
    )

    assert response.status == 200
    assert response.getheader("Content-Encoding") in {"br", "gzip"}
    cache_control = response.getheader("Cache-Control")
    assert "immutable" in cache_control
    max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
    assert max_age >= 365 * 24 * 3600
    _, uncompressed = get(server, stylesheet.decode(), PROXY_HEADERS)
    assert len(css) < len(uncompressed) / 2
