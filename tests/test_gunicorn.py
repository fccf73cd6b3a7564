"""The default bake serves in production mode: gunicorn, static files by whitenoise."""

import json
import re
from urllib.parse import urlencode

import pytest
from conftest import production_env
from servers import get, gunicorn, prepare_production
from traffic import DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.slow

PROXY_HEADERS = {"Host": "example.com", "X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def served(bake, tmp_path_factory):
    """Gunicorn serving the default bake with production settings: (port, log path)."""
    workdir = tmp_path_factory.mktemp("gunicorn")
    env = prepare_production(bake("default"), workdir)
    seed_demo(bake("default"), env)
    with gunicorn(bake("default"), env, workdir) as (port, _process, log_path):
        yield port, log_path


@pytest.fixture(scope="module")
def server(served):
    return served[0]


def test_home_page_answers_200_behind_a_tls_proxy(server):
    response, body = get(server, "/", PROXY_HEADERS)

    assert response.status == 200
    assert b"<!doctype html>" in body.lower()
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_security_headers_earn_full_marks_from_the_observatory(server, path):
    """The headers the MDN HTTP Observatory scores, at the values that earn A+: on a
    page rendered for each visitor and on a page from the anonymous page cache."""
    get(server, path, PROXY_HEADERS)
    response, _ = get(server, path, PROXY_HEADERS)
    headers = {name.lower(): value for name, value in response.getheaders()}
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["content-security-policy"].split(";")
    )

    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    hsts = headers["strict-transport-security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 365 * 24 * 3600
    assert "includeSubDomains" in hsts
    assert "preload" in hsts
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["cross-origin-resource-policy"] == "same-origin"


def csrf_form(port, path):
    """GET a form page: its CSRF Set-Cookie header and the token in its form."""
    response, body = get(port, path, PROXY_HEADERS)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    return response.getheader("Set-Cookie"), token.decode()


def form_post_headers(csrf_cookie):
    """Headers of a form post that passes the CSRF checks: our Origin and the cookie."""
    return {
        **PROXY_HEADERS,
        "Origin": "https://example.com",
        "Cookie": csrf_cookie.split(";")[0],
        "Content-Type": "application/x-www-form-urlencoded",
    }


def test_cookies_are_secure_prefixed_and_same_site(server):
    """Log in to get both the CSRF and the session cookie."""
    csrf_cookie, token = csrf_form(server, "/accounts/login/")
    fields = {"csrfmiddlewaretoken": token, "login": "demo", "password": DEMO_PASSWORD}
    logged_in, _ = get(
        server,
        "/accounts/login/",
        form_post_headers(csrf_cookie),
        method="POST",
        body=urlencode(fields),
    )
    session_cookie = next(
        value
        for name, value in logged_in.getheaders()
        if name.lower() == "set-cookie" and value.startswith("__Secure-sessionid=")
    )

    assert logged_in.status == 302
    assert csrf_cookie.startswith("__Secure-csrftoken=")
    for cookie in (csrf_cookie, session_cookie):
        assert "; Secure" in cookie
        assert "SameSite=Lax" in cookie
    assert "; HttpOnly" in session_cookie


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


def test_static_files_are_answered_before_django_with_the_headers_pages_get(server):
    _, body = get(server, "/", PROXY_HEADERS)
    stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', body).group(1)

    response, _ = get(server, stylesheet.decode(), PROXY_HEADERS)

    assert response.status == 200
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    # Django's middleware gives every response it handles a request id.
    assert response.getheader("X-Request-ID") is None
    assert get(server, "/", PROXY_HEADERS)[0].getheader("X-Request-ID")


def test_health_probes_answer_over_plain_http(server):
    """A load balancer polls from inside the network, without TLS or a proxy header."""
    for path in ("/healthz", "/readyz"):
        response, body = get(server, path, {"Host": "example.com"})

        assert (path, response.status, body) == (path, 200, b"ok")
        assert response.getheader("Set-Cookie") is None


def test_readiness_names_the_services_that_are_down(bake, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite3'}",
        CACHE_URL=f"filecache://{blocker / 'cache'}",
    )
    with gunicorn(bake("default"), env, tmp_path) as (port, _process, log_path):
        live, live_body = get(port, "/healthz", {"Host": "example.com"})
        ready, ready_body = get(port, "/readyz", {"Host": "example.com"})

    assert (live.status, live_body) == (200, b"ok")
    assert ready.status == 503
    assert ready_body == b"unavailable: database 'default'; degraded: cache"
    assert "Readiness check failed" in log_path.read_text()


# Gunicorn's own error log: "[2026-01-31 12:00:00 +0000] [123] [INFO] Booting worker"
GUNICORN_LOG_LINE = re.compile(r"^\[\d{4}-\d\d-\d\d [^]]+\] \[\d+\] \[[A-Z]+\] ")


def test_logs_are_json_lines_carrying_the_request_id(served):
    port, log_path = served
    kept, _ = get(port, "/blog/", {**PROXY_HEADERS, "X-Request-ID": "lb-7f3a9c"})
    made, _ = get(port, "/no-such-page/", PROXY_HEADERS)
    made_id = made.getheader("X-Request-ID")

    lines = log_path.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    by_id = {
        request_id: [entry for entry in entries if entry["request_id"] == request_id]
        for request_id in ("lb-7f3a9c", made_id)
    }

    assert kept.getheader("X-Request-ID") == "lb-7f3a9c"
    assert re.fullmatch(r"[0-9a-f]{32}", made_id)
    assert [line for line in lines if not line.startswith("{")] == [
        line for line in lines if GUNICORN_LOG_LINE.match(line)
    ]
    [request_line] = [entry for entry in by_id["lb-7f3a9c"] if "status" in entry]
    assert request_line["method"] == "GET"
    assert request_line["path"] == "/blog/"
    assert request_line["status"] == 200
    assert request_line["duration_ms"] >= 0
    assert {"timestamp", "level", "logger", "message"} <= set(request_line)
    # The missing page is logged twice, by our middleware and by Django: both carry it.
    assert {entry["logger"] for entry in by_id[made_id]} == {
        "django.request",
        "my_site.operations.middleware",
    }


@pytest.mark.parametrize(
    "extra_fields",
    [
        {"padding": "x" * (3 * 1024 * 1024)},  # over the 2.5 MB Django reads
        {f"field{n}": "x" for n in range(1001)},  # over the 1,000 fields it parses
    ],
    ids=["oversized-body", "too-many-fields"],
)
def test_oversized_or_crowded_forms_get_400_not_500(server, extra_fields):
    csrf_cookie, token = csrf_form(server, "/accounts/login/")
    fields = {"csrfmiddlewaretoken": token, "login": "a", "password": "b"}

    response, body = get(
        server,
        "/accounts/login/",
        form_post_headers(csrf_cookie),
        method="POST",
        body=urlencode({**fields, **extra_fields}),
    )

    assert response.status == 400
    assert b"Bad request" in body


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/" + "a" * 5000, {}),  # request line over gunicorn's 4094 bytes
        ("/", {"X-Padding": "a" * 9000}),  # header over gunicorn's 8190 bytes
        ("/", {f"X-Field-{n}": "a" for n in range(120)}),  # over 100 headers
    ],
    ids=["long-request-line", "long-header", "too-many-headers"],
)
def test_gunicorn_refuses_oversized_requests_itself(server, path, headers):
    response, body = get(server, path, {**PROXY_HEADERS, **headers})

    assert 400 <= response.status < 500
    assert b"Traceback" not in body


def test_error_pages_show_no_debug_information(server):
    response, body = get(server, "/no-such-page/", PROXY_HEADERS)

    assert response.status == 404
    assert b"Page not found" in body
    for leak in (b"Traceback", b"DEBUG", b"SECRET_KEY", b"URLconf", b"settings"):
        assert leak not in body
