"""Trust and readiness, against production gunicorn (and nginx) as they are shipped.

- `make prod-local` serves browsers with no proxy in front: a client cannot choose
  the address the log-in throttle counts.
- Slow clients hold gunicorn's sync workers; nginx in front absorbs them.
- A Redis that hangs (SIGSTOP) costs each worker one short time-out per interval:
  /blog/ keeps serving, uncached, and /readyz answers at once.
"""

import os
import re
import shlex
import signal
import socket
import ssl
import time
import urllib.parse

import pytest
from conftest import BIN_DIR, production_env, run
from servers import PROXY_HEADERS, free_port, get, gunicorn, prepare_production
from services import prepare_seeded_site, redis_server
from test_nginx import (
    main_config,
    nginx,
    render_site_for_tests,
    self_signed_certificate,
)
from traffic import DEMO_PASSWORD, Wrk, report_figures, seed_demo

pytestmark = pytest.mark.slow

DOMAIN = "example.com"


def prod_local_variables(project, port):
    """The variables `make prod-local` sets, read from the bake's own Makefile."""
    printer = "print-env:\n\t@echo '$(PROD_LOCAL_ENV)'\n"
    make = ["make", "-s", "-f", "Makefile", "-f", "-", "print-env", f"PORT={port}"]
    output = run(make, cwd=project, input=printer).stdout
    return dict(word.split("=", 1) for word in shlex.split(output))


def log_in(port, password, claimed_address, login="demo"):
    """Fetch the log-in form and post it, claiming an address in X-Forwarded-For."""
    origin = f"http://127.0.0.1:{port}"
    headers = {"Host": f"127.0.0.1:{port}", "X-Forwarded-For": claimed_address}
    response, form = get(port, "/accounts/login/", headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    cookie = response.getheader("Set-Cookie").partition(";")[0]
    response, _ = get(
        port,
        "/accounts/login/",
        {
            **headers,
            "Cookie": cookie,
            "Origin": origin,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
        body=urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.decode(),
                "login": login,
                "password": password,
            }
        ),
    )
    return response.status


def test_make_prod_local_lets_no_client_choose_its_address(bake, tmp_path):
    project = bake("default")
    port = free_port()
    local = prod_local_variables(project, port)
    assert local["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    # This test's database and secret key stand in for the project's .env.
    del local["DJANGO_ENV_FILE"]
    env = prepare_production(project, tmp_path, **local)
    env["DJANGO_SECRET_KEY"] = production_env()["DJANGO_SECRET_KEY"]
    seed_demo(project, env)

    with gunicorn(project, env, tmp_path, port=port):
        # Each for another account, so that only the per-address limit counts:
        # DJANGO_RATE_LIMIT_LOGIN_FAILED's default, ten a minute from one address.
        failures = [
            log_in(port, "wrong", f"203.0.113.{n}", login=f"nobody{n}")
            for n in range(10)
        ]
        right_password = log_in(port, DEMO_PASSWORD, "198.51.100.1")

    # The form again, with its error, for each of the ten failures from this machine
    # (whatever address each claimed): then every try waits, the right one too.
    assert failures == [200] * 10
    assert right_password == 429


def slow_clients(port, count, context=None):
    """count connections that send half of a request's headers, then nothing."""
    clients = []
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", port), timeout=10)
        if context is not None:
            client = context.wrap_socket(client, server_hostname=DOMAIN)
        client.sendall(f"GET / HTTP/1.1\r\nHost: {DOMAIN}\r\nX-Slow: ".encode())
        clients.append(client)
    return clients


def seconds_to_answer(port, limit, context=None):
    """How long a request for /healthz takes, or None if it takes over limit."""
    started = time.monotonic()
    try:
        client = socket.create_connection(("127.0.0.1", port), timeout=limit)
        if context is not None:
            client = context.wrap_socket(client, server_hostname=DOMAIN)
        client.sendall(f"GET /healthz HTTP/1.1\r\nHost: {DOMAIN}\r\n\r\n".encode())
        answer = client.recv(64)
        client.close()
    except TimeoutError:
        return None
    assert answer.startswith(b"HTTP/1.1 200"), answer
    return time.monotonic() - started


def test_nginx_absorbs_slow_clients_that_would_hold_gunicorn(bake, tmp_path):
    project = bake("default")
    env = prepare_production(project, tmp_path)
    cert, key = self_signed_certificate(tmp_path)
    https_port = free_port()
    with gunicorn(project, env, tmp_path) as (app_port, _, _):
        # Straight to gunicorn: six slow clients hold its two sync workers.
        held = slow_clients(app_port, 6)
        direct = seconds_to_answer(app_port, limit=5)
        for client in held:
            client.close()

        site = render_site_for_tests(
            project, tmp_path, (free_port(), https_port, app_port), (cert, key)
        )
        with nginx(main_config(tmp_path, site), tmp_path, https_port):
            context = ssl.create_default_context(cafile=cert)
            # Through nginx, fifty: it waits for each whole request before it
            # passes one on.
            held = slow_clients(https_port, 50, context)
            behind_nginx = seconds_to_answer(https_port, limit=5, context=context)
            for client in held:
                client.close()

    assert direct is None, f"gunicorn answered in {direct:.2f} s past six slow clients"
    assert behind_nginx is not None
    assert behind_nginx < 2


def test_gunicorn_listens_on_loopback_by_default(bake):
    project = bake("default")
    env = production_env()
    # Neither HOST nor PORT set (run() starts from a clean environment).
    output = run([BIN_DIR / "gunicorn", "--print-config"], cwd=project, env=env).stdout
    loopback = re.compile(r"^bind\s+= \['127\.0\.0\.1:8000'\]$", re.MULTILINE)
    assert loopback.search(output), output


def test_gunicorn_believes_forwarded_headers_from_the_same_proxies(bake):
    project = bake("default")
    printed = {}
    for proxies in ("", "10.0.0.0/8"):
        env = production_env(DJANGO_TRUSTED_PROXIES=proxies)
        output = run([BIN_DIR / "gunicorn", "--print-config"], cwd=project, env=env)
        printed[proxies] = re.search(
            r"^forwarded_allow_ips\s+= (.*)$", output.stdout, re.MULTILINE
        )[1]

    assert printed == {"": "[]", "10.0.0.0/8": "['10.0.0.0/8']"}


def hung(process):
    """Stop the process as a hung server would be (SIGSTOP): its socket still takes
    connections, and nothing answers."""

    class Hung:
        def __enter__(self):
            os.kill(process.pid, signal.SIGSTOP)

        def __exit__(self, *exc_info):
            os.kill(process.pid, signal.SIGCONT)

    return Hung()


def timed_get(port, path):
    started = time.monotonic()
    response, body = get(port, path, PROXY_HEADERS)
    return response.status, body, time.monotonic() - started


def blog_rate(port, seconds=4):
    """/blog/ requests a second, from eight connections at once."""
    with Wrk(port, ["/blog/"], seconds=seconds, connections=8) as wrk:
        result = wrk.result()
    return result, result.requests / seconds


def test_a_hung_redis_costs_the_blog_little(bake, tmp_path, postgres, record_property):
    project = bake("postgres_redis")
    with redis_server(tmp_path) as redis:
        env = prepare_seeded_site(project, tmp_path, postgres, redis)
        with gunicorn(project, env, tmp_path) as (port, _, _):
            assert timed_get(port, "/readyz")[:2] == (200, b"ok")
            _, cached = blog_rate(port)

            with hung(redis.process):
                ready_while_hung = timed_get(port, "/readyz")
                while_hung, hung_rate = blog_rate(port)

            # Back within the retry interval (5 s) once Redis answers again.
            deadline = time.monotonic() + 10
            while timed_get(port, "/readyz")[1] != b"ok":
                assert time.monotonic() < deadline, "the cache never came back"
                time.sleep(0.5)

        # The same site with no Redis at all (nothing listens on the port): what
        # rendering every page costs, the most a cache outage may cost.
        env["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
        with gunicorn(project, env, tmp_path) as (port, _, _):
            _, uncached = blog_rate(port)

    rates = {"cached": cached, "redis hung": hung_rate, "no redis": uncached}
    report_figures(record_property, {"blog requests/s": rates})
    assert ready_while_hung[:2] == (200, b"degraded: cache")
    assert ready_while_hung[2] < 1.5
    assert while_hung.status_classes["5xx"] == 0
    assert while_hung.socket_errors["timeout"] == 0
    # A hung Redis costs each worker one short time-out per retry interval, not one
    # (or several) per page: the site serves about as fast as with no cache at all.
    assert hung_rate > 0.4 * uncached, rates
