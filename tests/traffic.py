"""Traffic for the load and fault tests: wrk runs and browser-like clients."""

import dataclasses
import re
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from conftest import run
from servers import PROXY_HEADERS, get, require_binary

ORIGIN = "https://example.com"
ROTATE_PATHS = Path(__file__).with_name("rotate_paths.lua")
DEMO_PASSWORD = "demo-password"


def seed_demo(project, env):
    """The blog's demo posts and the user `demo`, who logs in with DEMO_PASSWORD."""
    run(
        [sys.executable, "manage.py", "seed_demo", "--password", DEMO_PASSWORD],
        cwd=project,
        env=env,
    )


def report_figures(record_property, figures):
    """Print what a test measured; conftest lists it again after the run."""
    record_property("figures", figures)
    print(figures)


# Run by `manage.py shell`: log the demo user in as Django's test client does, without
# the password (hashing it once per session would cost seconds of CPU each).
FORCE_LOGIN = """
from django.contrib.auth import get_user_model
from django.test import Client

user = get_user_model().objects.get(username="demo")
for _ in range({count}):
    client = Client()
    client.force_login(user)
    print("cookies", *(f"{{m.key}}={{m.coded_value}}" for m in client.cookies.values()))
"""


def demo_sessions(project, env, count):
    """The cookies of `count` new sessions logged in as the demo user."""
    output = run(
        [sys.executable, "manage.py", "shell", "-c", FORCE_LOGIN.format(count=count)],
        cwd=project,
        env=env,
    ).stdout
    return [
        dict(cookie.split("=", 1) for cookie in line.split()[1:])
        for line in output.splitlines()
        if line.startswith("cookies ")
    ]


@dataclasses.dataclass
class WrkResult:
    requests: int
    socket_errors: dict
    non_2xx_3xx: int
    status_classes: dict

    @property
    def failed(self):
        """Requests that got no answer or an error status."""
        return sum(self.socket_errors.values()) + self.non_2xx_3xx

    @property
    def failure_rate(self):
        return self.failed / max(self.requests + self.failed, 1)

    def __str__(self):
        errors = ", ".join(f"{kind} {n}" for kind, n in self.socket_errors.items())
        statuses = ", ".join(f"{cls} {n}" for cls, n in self.status_classes.items())
        return (
            f"{self.requests} requests, {self.failed} failed "
            f"({self.failure_rate:.3%}): socket errors {errors}; "
            f"non-2xx/3xx {self.non_2xx_3xx}; statuses {statuses}"
        )


def parse_wrk(output):
    """The counts in wrk's report and in rotate_paths.lua's status line."""
    requests = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    statuses = re.search(
        r"^Status classes: 2xx (\d+), 3xx (\d+), 4xx (\d+), 5xx (\d+)$",
        output,
        re.MULTILINE,
    )
    if requests is None or statuses is None:
        raise ValueError(f"no wrk summary in:\n{output}")
    # wrk prints these two lines only when a count is not zero.
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests=int(requests.group(1)),
        socket_errors=dict(
            zip(
                ("connect", "read", "write", "timeout"),
                map(int, errors.groups()) if errors else (0, 0, 0, 0),
                strict=True,
            )
        ),
        non_2xx_3xx=int(non_2xx_3xx.group(1)) if non_2xx_3xx else 0,
        status_classes=dict(
            zip(("2xx", "3xx", "4xx", "5xx"), map(int, statuses.groups()), strict=True)
        ),
    )


class Wrk:
    """wrk loading 127.0.0.1:port for a bounded time, rotating through paths.

    Use it as a context manager: it runs while the block does (faults can be
    injected meanwhile), and is killed if the block fails.
    """

    def __init__(self, port, paths, seconds, connections=64):
        self.seconds = seconds
        self.process = subprocess.Popen(
            [
                require_binary("wrk"),
                "--threads=2",
                f"--connections={connections}",
                f"--duration={seconds}s",
                # Wait as long as gunicorn lets a request run (its worker timeout),
                # not wrk's default 2 s: on a busy machine a slow answer is no failure.
                "--timeout=30s",
                f"--script={ROTATE_PATHS}",
                f"http://127.0.0.1:{port}",
                "--",
                *paths,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def result(self):
        """Wait for wrk to finish and read its report."""
        output, _ = self.process.communicate(timeout=self.seconds + 60)
        return parse_wrk(output)

    def stop(self):
        """Stop wrk now (on SIGINT it still reports) and read its report."""
        self.process.send_signal(signal.SIGINT)
        return self.result()


def requests_logged(log_path):
    """How many requests the site has logged: production writes one JSON line each."""
    return sum(
        line.startswith("{") and '"status"' in line
        for line in log_path.read_text().splitlines()
    )


def wait_for_more_requests(log_path, count, timeout=60):
    """Wait until the server's log shows `count` more requests served."""
    target = requests_logged(log_path) + count
    deadline = time.monotonic() + timeout
    while (served := requests_logged(log_path)) < target:
        if time.monotonic() > deadline:
            raise AssertionError(f"{served} of {target} requests served in {timeout}s")
        time.sleep(0.2)


class Browser:
    """One visitor behind the TLS proxy: keeps its cookies, sends CSRF tokens."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def headers(self):
        """What this visitor's browser sends with every request, through the proxy."""
        headers = {**PROXY_HEADERS, "Origin": ORIGIN}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def request(self, method, path, fields=None):
        headers = self.headers()
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response, content = get(self.port, path, headers, method, body)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value
        return response, content

    def csrf_token(self, path):
        """The CSRF token of the form on the page at path."""
        response, content = self.request("GET", path)
        assert response.status == 200, (path, response.status)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        assert token, f"no form with a CSRF token on {path}"
        return token.group(1).decode()
