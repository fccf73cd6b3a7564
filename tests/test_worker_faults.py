"""Faults under load: a worker killed, a reload, a shutdown; requests are not lost."""

import http.client
import os
import signal
import socket
import time
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from servers import gunicorn, prepare_production, wait_for_workers
from traffic import (
    Browser,
    Wrk,
    report_figures,
    seed_demo,
    wait_for_more_requests,
)

pytestmark = [pytest.mark.slow, pytest.mark.faults]

PAGES = ("/", "/blog/", "/blog/demo-models/")
WORKERS = 2
# The load runs until this many requests are served before the fault and as many
# after it (enough for one lost request to stay under 0.5%), within MAX_LOAD_SECONDS.
REQUESTS_AROUND_FAULT = 300
MAX_LOAD_SECONDS = 120
GRACEFUL_TIMEOUT = 20


@pytest.fixture(scope="module")
def site(bake, tmp_path_factory):
    """The seeded default bake, migrated for production; each test starts a server."""
    project = bake("default")
    workdir = tmp_path_factory.mktemp("faults")
    env = prepare_production(project, workdir)
    seed_demo(project, env)
    env |= {
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_GRACEFUL_TIMEOUT": str(GRACEFUL_TIMEOUT),
        # Workers recycled after N requests would blur which pids the faults replaced.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    return SimpleNamespace(project=project, env=env, workdir=workdir)


@pytest.fixture
def server(site):
    with gunicorn(site.project, site.env, site.workdir) as (port, master, log_path):
        workers = wait_for_workers(master.pid, WORKERS)
        yield SimpleNamespace(port=port, master=master, log=log_path, workers=workers)


def under_load(server, fault, replaced):
    """Call fault in the middle of wrk's load; stop once the workers in replaced
    have been replaced and more requests answered. Returns wrk's result and the
    workers then running."""
    with Wrk(server.port, PAGES, MAX_LOAD_SECONDS) as load:
        wait_for_more_requests(server.log, REQUESTS_AROUND_FAULT)
        fault()
        workers = wait_for_workers(server.master.pid, WORKERS, replacing=replaced)
        wait_for_more_requests(server.log, REQUESTS_AROUND_FAULT)
        return load.stop(), workers


def test_a_killed_worker_is_replaced_and_few_requests_fail(server, record_property):
    victim = min(server.workers)

    result, workers = under_load(
        server, lambda: os.kill(victim, signal.SIGKILL), replaced=[victim]
    )

    report_figures(
        record_property,
        f"SIGKILL worker {victim} of {sorted(server.workers)} under load: {result}; "
        f"workers afterwards {sorted(workers)}",
    )
    assert result.requests >= 2 * REQUESTS_AROUND_FAULT
    assert result.failure_rate < 0.005
    assert result.status_classes["5xx"] == 0
    assert workers - server.workers, "no new worker was started"
    assert f"Worker (pid:{victim}) was sent SIGKILL" in server.log.read_text()


def test_a_reload_replaces_every_worker_without_a_failure(server, record_property):
    result, workers = under_load(
        server,
        lambda: server.master.send_signal(signal.SIGHUP),
        replaced=server.workers,
    )

    report_figures(
        record_property,
        f"SIGHUP under load: {result}; workers {sorted(server.workers)} "
        f"replaced by {sorted(workers)}",
    )
    assert result.requests >= 2 * REQUESTS_AROUND_FAULT
    assert result.failed == 0
    assert "Hang up: Master" in server.log.read_text()


def wait_for_log(log_path, text, timeout=30):
    deadline = time.monotonic() + timeout
    while text not in log_path.read_text():
        if time.monotonic() > deadline:
            pytest.fail(f"{text!r} not in the log after {timeout}s")
        time.sleep(0.1)


def test_shutdown_finishes_the_request_in_flight(server, record_property):
    """SIGTERM while a log-in form is still being uploaded: it is answered in full."""
    browser = Browser(server.port)
    fields = {
        "csrfmiddlewaretoken": browser.csrf_token("/accounts/login/"),
        "login": "demo",
        "password": "not-the-password",
    }
    body = urlencode(fields).encode()
    head = {
        **browser.headers(),
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(body)),
        # gunicorn answers "100 Continue" once a worker has taken the request.
        "Expect": "100-continue",
        "Connection": "close",
    }
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as client:
        client.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in head.items()).encode()
            + b"\r\n"
        )
        interim = b""
        while b"\r\n\r\n" not in interim:
            chunk = client.recv(100)
            assert chunk, f"connection closed after {interim!r}"
            interim += chunk
        assert interim.startswith(b"HTTP/1.1 100 Continue"), interim
        # Half the form: the view now waits for the rest, mid-request.
        client.sendall(body[: len(body) // 2])

        server.master.send_signal(signal.SIGTERM)
        wait_for_log(server.log, "Handling signal: term")
        time.sleep(1)  # time for the workers to get the signal in turn
        running_after_signal = server.master.poll() is None
        client.sendall(body[len(body) // 2 :])
        response = http.client.HTTPResponse(client)
        response.begin()
        page = response.read()

    exit_code = server.master.wait(timeout=GRACEFUL_TIMEOUT + 10)
    log = server.log.read_text()
    report_figures(
        record_property,
        f"SIGTERM mid-request: answer {response.status}, "
        f"master running after the signal {running_after_signal}, "
        f"master exit code {exit_code}",
    )
    assert running_after_signal
    assert response.status == 200
    assert b"The username and/or password you specified are not correct" in page
    assert exit_code == 0
    assert "SIGKILL" not in log
