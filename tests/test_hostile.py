"""Requests an attacker would send, against production gunicorn and the recipe's nginx.

Each class of request gets the site's own 4xx page with its security headers, never a
500; nothing a visitor sends grows what the site stores without a bound. Where the
answer depends on the backend (PostgreSQL refuses a NUL; sessions in Redis), the
PostgreSQL + Redis bake is served too.
"""

import contextlib
import gzip
import re
import socket
import ssl
import subprocess
import sys
import textwrap
from urllib.parse import urlencode

import pytest
import redis as redis_client
from conftest import BIN_DIR, run
from servers import (
    PROXY_HEADERS,
    free_port,
    get,
    gunicorn,
    prepare_production,
    require_binary,
    stop,
    wait_until_listening,
)
from test_nginx import (
    DOMAIN,
    main_config,
    nginx,
    render_site_for_tests,
    self_signed_certificate,
)
from traffic import seed_demo

pytestmark = pytest.mark.slow

# Charsets Django refuses for a urlencoded form: it reads forms as UTF-8 only.
FORM_CHARSETS = ["latin-1", "utf-16", "cp1252", "ascii"]
SECURITY_HEADERS = (
    "content-security-policy",
    "strict-transport-security",
    "x-frame-options",
    "x-content-type-options",
)


def headers_of(response):
    return {name.lower(): value for name, value in response.getheaders()}


def assert_security_headers(headers):
    missing = [name for name in SECURITY_HEADERS if name not in headers]
    assert missing == [], headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


@pytest.fixture(scope="module")
def default_site(bake, tmp_path_factory):
    """The default bake: production gunicorn, and the recipe's nginx before it."""
    project = bake("default")
    workdir = tmp_path_factory.mktemp("hostile")
    env = prepare_production(project, workdir)
    seed_demo(project, env)
    cert, key = self_signed_certificate(workdir)
    http_port, https_port = free_port(), free_port()
    with gunicorn(project, env, workdir) as (app_port, _, _):
        site = render_site_for_tests(
            project, workdir, (http_port, https_port, app_port), (cert, key)
        )
        with nginx(main_config(workdir, site), workdir, https_port):
            yield {
                "gunicorn": Server(app_port, None),
                "nginx": Server(https_port, ssl.create_default_context(cafile=cert)),
                "workdir": workdir,
            }


@pytest.fixture(scope="module")
def postgres_redis_site(bake, tmp_path_factory, postgres, redis):
    """The PostgreSQL + Redis bake under production gunicorn, seeded."""
    project = bake("postgres_redis")
    workdir = tmp_path_factory.mktemp("hostile-pg")
    env = prepare_production(
        project,
        workdir,
        DATABASE_URL=postgres.new_database(),
        REDIS_URL=redis.new_database(),
    )
    seed_demo(project, env)
    with gunicorn(project, env, workdir) as (port, _, _):
        yield {"gunicorn": Server(port, None)}


class Server:
    """Requests to gunicorn (as its proxy would send them) or to nginx over TLS."""

    def __init__(self, port, context):
        self.port, self.context = port, context

    def get(self, path, headers=None, **kwargs):
        sent = {**PROXY_HEADERS} if self.context is None else {"Host": DOMAIN}
        return get(
            self.port, path, {**sent, **(headers or {})}, context=self.context, **kwargs
        )

    def form_post(self, path, fields, content_type=None, cookie=""):
        """Post fields to the form at path with its CSRF token, as a browser would."""
        page, body = self.get("/accounts/login/")
        cookies = [
            value.split(";")[0]
            for name, value in page.getheaders()
            if name.lower() == "set-cookie"
        ]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
        return self.get(
            path,
            {
                "Cookie": "; ".join([*cookies, cookie] if cookie else cookies),
                "Origin": f"https://{DOMAIN}",
                "Referer": f"https://{DOMAIN}/accounts/login/",
                "Content-Type": content_type or "application/x-www-form-urlencoded",
            },
            method="POST",
            body=urlencode({"csrfmiddlewaretoken": token.decode(), **fields}).encode(),
        )

    def raw(self, request):
        """Send request bytes as they are; (status, headers) of the answer."""
        with contextlib.closing(
            socket.create_connection(("127.0.0.1", self.port))
        ) as s:
            sock = s
            if self.context is not None:
                sock = self.context.wrap_socket(s, server_hostname=DOMAIN)
            sock.sendall(request)
            answer = b""
            while b"\r\n\r\n" not in answer:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers


@pytest.mark.parametrize("charset", FORM_CHARSETS)
@pytest.mark.parametrize("via", ["gunicorn", "nginx"])
def test_a_form_in_a_charset_django_refuses_gets_the_sites_400(
    default_site, via, charset
):
    response, body = default_site[via].form_post(
        "/accounts/login/",
        {"login": "demo", "password": "wrong"},
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )

    assert response.status == 400
    assert b"Bad request" in body
    assert_security_headers(headers_of(response))


@pytest.mark.parametrize("charset", FORM_CHARSETS[:2])
def test_a_form_in_another_charset_gets_the_400_on_postgresql(
    postgres_redis_site, charset
):
    response, body = postgres_redis_site["gunicorn"].form_post(
        "/accounts/login/",
        {"login": "demo", "password": "wrong"},
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )

    assert response.status == 400
    assert b"Bad request" in body


@pytest.mark.parametrize(
    "path",
    [
        "/blog/?after=%00",
        "/blog/?before=a%00b",
        "/blog/?after=demo%00&utm=1",
        "/accounts/login/?next=/%00",
        "/blog/%00/",
        "/?%00=x",
    ],
)
def test_a_nul_in_the_address_never_reaches_postgresql(postgres_redis_site, path):
    response, body = postgres_redis_site["gunicorn"].get(path)

    assert response.status in (400, 404)
    assert b"<!doctype html>" in body.lower()
    assert_security_headers(headers_of(response))


@pytest.mark.parametrize(
    "path",
    [
        "/blog/?after=%ff%fe",  # not UTF-8
        "/blog/?after=" + "a" * 3000,  # longer than any slug column
        "/blog/%ff/",
        "/blog/drafts/?page=abc",
        "/sitemap-blog.xml?p=abc",
        "/sitemap-no-such-section.xml",
        "/accounts/password/reset/x/y/",
        "/accounts/login/?next=https://elsewhere.example.net/",
    ],
)
def test_odd_values_the_site_reads_get_its_own_answer(postgres_redis_site, path):
    response, body = postgres_redis_site["gunicorn"].get(
        path, {"Accept-Language": "x" * 1000, "X-Request-ID": "\u00e9" * 200}
    )

    assert response.status < 500
    assert b"Server error" not in body
    assert_security_headers(headers_of(response))


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/accounts/login/", {"login": "demo\x00", "password": "x"}),
        ("/accounts/signup/", {"username": "new\x00one", "email": "a@example.com"}),
        ("/accounts/password/reset/", {"email": "a\x00@example.com"}),
    ],
    ids=["login", "signup", "password-reset"],
)
def test_a_nul_in_a_form_field_never_reaches_postgresql(
    postgres_redis_site, path, fields
):
    response, body = postgres_redis_site["gunicorn"].form_post(path, fields)

    assert response.status in (200, 400)
    assert b"Server error" not in body


def test_a_nul_in_a_cookie_never_reaches_postgresql(postgres_redis_site):
    # A quoted cookie value may spell a NUL in octal; Django unquotes it.
    response, _ = postgres_redis_site["gunicorn"].get(
        "/accounts/login/", {"Cookie": 'sessionid="abcdefgh\\000ijklmnop"'}
    )

    assert response.status == 400


@pytest.mark.parametrize("via", ["gunicorn", "nginx"])
@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/", {"Host": "not-ours.example.net"}, 400),
        ("/static/no-such-file.css", {}, 404),
        ("/no-such-page/", {}, 404),
        ("/", {}, 200),
    ],
    ids=["unknown-host", "unknown-static-file", "not-found", "cached-page"],
)
def test_every_answer_from_the_app_carries_the_security_headers(
    default_site, via, path, headers, status
):
    server = default_site[via]
    server.get(path, headers)  # the second answer to "/" is the cached page

    response, _ = server.get(path, headers)

    assert response.status == status
    assert_security_headers(headers_of(response))


def test_static_files_carry_the_security_headers(default_site):
    _, page = default_site["gunicorn"].get("/")
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', page)[1].decode()

    for via in ("gunicorn", "nginx"):
        response, _ = default_site[via].get(stylesheet)
        assert response.status == 200
        assert_security_headers(headers_of(response))


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET / HTTP/1.1\r\nHost: example.com\r\nHost: example.com\r\n\r\n", 400),
        (b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: example.com\r\n\r\n", 414),
        (
            b"POST /accounts/login/ HTTP/1.1\r\nHost: example.com\r\n"
            b"Content-Length: 20000000\r\n\r\n",
            413,
        ),
    ],
    ids=["duplicate-host", "long-address", "large-body"],
)
def test_nginxs_own_error_pages_carry_the_security_headers(
    default_site, request_bytes, status
):
    answered, headers = default_site["nginx"].raw(request_bytes)

    assert answered == status
    assert_security_headers(headers)


BROKEN_ERROR_PAGE = """
from django.urls import path


def fails(request):
    raise RuntimeError("a view fails")


def handler500(request):
    raise RuntimeError("and so does the error page")


urlpatterns = [path("fails/", fails)]
"""


def test_when_even_the_error_page_fails_the_500_has_the_headers(bake, tmp_path):
    project = bake("default")
    env = prepare_production(project, tmp_path)
    (tmp_path / "broken_urls.py").write_text(BROKEN_ERROR_PAGE)
    (tmp_path / "broken_settings.py").write_text(
        "from config.settings.production import *  # noqa: F403\n"
        'ROOT_URLCONF = "broken_urls"\n'
    )
    env |= {"DJANGO_SETTINGS_MODULE": "broken_settings", "PYTHONPATH": str(tmp_path)}

    with gunicorn(project, env, tmp_path) as (port, _, log_path):
        response, body = get(port, "/fails/", PROXY_HEADERS)

    assert response.status == 500
    assert b"Server error" in body
    assert_security_headers(headers_of(response))
    assert "and so does the error page" in log_path.read_text()


def test_nginx_compresses_pages(default_site):
    response, body = default_site["nginx"].get("/blog/", {"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert b"<!doctype html>" in gzip.decompress(body).lower()


def test_addresses_a_page_does_not_read_make_no_new_cache_entries(default_site):
    cache = default_site["workdir"] / "cache"
    server = default_site["gunicorn"]
    for path in ("/", "/blog/"):
        server.get(path)
    before = len(list(cache.glob("*.djcache")))

    for number in range(50):
        for path in ("/", "/blog/", "/blog/?after=x"):
            server.get(f"{path}{'&' if '?' in path else '?'}utm={number}")

    assert len(list(cache.glob("*.djcache"))) <= before + 2


def test_an_anonymous_comment_is_kept_no_longer_than_the_form_allows(default_site):
    server = default_site["gunicorn"]
    _, page = server.get("/blog/")
    post = re.search(rb'href="(/blog/[\w-]+/)"', page)[1].decode()

    # As much as Django reads of a form (2.5 MB), from a visitor with no session.
    response, body = server.form_post(f"{post}comments/", {"body": "x" * 2_000_000})

    assert response.status == 200
    assert b"at most 2000 characters" in body
    # Nothing kept: no session was started for it.
    assert not [
        value
        for name, value in response.getheaders()
        if name.lower() == "set-cookie" and "sessionid" in value
    ]


# Run by `manage.py shell`: one session that has expired and one that has not.
EXPIRED_AND_LIVE_SESSIONS = textwrap.dedent(
    """
    from importlib import import_module

    from django.conf import settings

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    for name, expiry in (("expired", -60), ("live", 3600)):
        session = SessionStore()
        session["name"] = name
        session.set_expiry(expiry)
        session.save()
    """
)
COUNT_SESSIONS = (
    "from django.contrib.sessions.models import Session; "
    "print(sorted(s.get_decoded()['name'] for s in Session.objects.all()))"
)


@pytest.mark.parametrize("variant", ["default", "postgres_redis"])
@pytest.mark.parametrize("how", ["make", "unit"])
def test_expired_sessions_are_cleared(bake, tmp_path, request, variant, how):
    project = bake(variant)
    extra = {"DJANGO_LOG_LEVEL": "ERROR"}
    if variant == "postgres_redis":
        extra["DATABASE_URL"] = request.getfixturevalue("postgres").new_database()
        extra["REDIS_URL"] = request.getfixturevalue("redis").new_database()
    env = prepare_production(project, tmp_path, **extra)
    manage = [sys.executable, "manage.py"]
    run([*manage, "shell", "-c", EXPIRED_AND_LIVE_SESSIONS], cwd=project, env=env)

    if how == "make":
        run(["make", "clear-sessions", f"VENV={BIN_DIR.parent}"], cwd=project, env=env)
    else:
        service = (project / "deploy" / "clear-sessions.service").read_text()
        [command] = [
            line for line in service.splitlines() if line.startswith("ExecStart=")
        ]
        _, *arguments = command.removeprefix("ExecStart=").split()
        run([sys.executable, *arguments], cwd=project, env=env)

    left = run([*manage, "shell", "-c", COUNT_SESSIONS], cwd=project, env=env)
    assert left.stdout.splitlines()[-1] == "['live']"


def test_the_session_clearing_units_verify(bake, tmp_path):
    systemd_analyze = require_binary("systemd-analyze")
    deploy = bake("default") / "deploy"
    service = (deploy / "clear-sessions.service").read_text()
    units = [
        tmp_path / "my_site-clear-sessions.service",
        tmp_path / "my_site-clear-sessions.timer",
    ]
    units[0].write_text(
        service.replace("/srv/my_site/.venv/bin/python", sys.executable)
    )
    units[1].write_text((deploy / "clear-sessions.timer").read_text())

    verified = run([systemd_analyze, "verify", *units], cwd=tmp_path, check=False)

    assert verified.returncode == 0, verified.stderr
    assert "Unit=my_site-clear-sessions.service" in units[1].read_text()


def test_the_redis_recipe_bounds_memory_and_evicts_rather_than_refuse(bake, tmp_path):
    recipe = bake("postgres_redis") / "deploy" / "redis.conf"
    port = free_port()
    log = tmp_path / "redis.log"
    with log.open("w") as output:
        # The recipe as it is; only the port, the folder, and a smaller limit that
        # this test can fill quickly, given on the command line, differ.
        process = subprocess.Popen(
            [
                require_binary("redis-server"), str(recipe),
                "--port", str(port), "--dir", str(tmp_path),
                "--maxmemory", "4mb",
            ],
            stdout=output,
            stderr=output,
        )  # fmt: skip
    try:
        wait_until_listening(port, process, log)
        client = redis_client.Redis(port=port)
        config = client.config_get("maxmemory*")
        assert config["maxmemory-policy"] == "allkeys-lru"

        for number in range(400):  # 40 MB, ten times the limit
            client.set(f"page:{number}", b"x" * 100_000, ex=300)

        assert client.info("memory")["used_memory"] <= 6 * 1024 * 1024
        assert client.get("page:399") is not None
    finally:
        stop(process)


def test_the_redis_recipe_as_shipped_sets_a_limit(bake):
    recipe = (bake("postgres_redis") / "deploy" / "redis.conf").read_text()

    assert re.search(r"^maxmemory \d+[mg]b$", recipe, re.MULTILINE)
    assert re.search(r"^maxmemory-policy allkeys-lru$", recipe, re.MULTILINE)
