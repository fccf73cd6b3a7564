"""The default bake serves in production mode: gunicorn, static files by whitenoise."""

import re

import pytest
from conftest import production_env
from servers import get, gunicorn, prepare_production

pytestmark = pytest.mark.slow

PROXY_HEADERS = {"Host": "example.com", "X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def server(bake, tmp_path_factory):
    """Gunicorn serving the default bake with production settings on a free port."""
    workdir = tmp_path_factory.mktemp("gunicorn")
    env = prepare_production(bake("default"), workdir)
    with gunicorn(bake("default"), env, workdir) as (port, _process, _log):
        yield port


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
    assert ready_body == b"unavailable: database 'default', cache"
    assert "Readiness check failed" in log_path.read_text()
