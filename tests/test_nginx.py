"""The bake's own nginx config, run by the real nginx in front of production gunicorn.

The test renders a copy of deploy/nginx.conf with loopback ports and a throwaway
certificate in place of the real ones, and changes nothing else.
"""

import contextlib
import os
import re
import ssl
import subprocess
import time

import pytest
from conftest import run
from servers import (
    free_port,
    get,
    gunicorn,
    prepare_production,
    require_binary,
    stop,
    wait_until_listening,
)

pytestmark = pytest.mark.slow

DOMAIN = "example.com"
# A client that claims an address; nginx must add the one it really came from.
CLAIMED_ADDRESS = "203.0.113.7"


def log_once_written(path, line, within=10):
    """The log's text once it holds line, or after a bounded wait: servers write
    their access log just after sending the response, so it may lag behind."""
    deadline = time.monotonic() + within
    while line not in path.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    return path.read_text()


def self_signed_certificate(workdir):
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    run(
        [
            require_binary("openssl"), "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", f"/CN={DOMAIN}",
            "-addext", f"subjectAltName=DNS:{DOMAIN},IP:127.0.0.1",
            "-keyout", key, "-out", cert,
        ],
        cwd=workdir,
    )  # fmt: skip
    return cert, key


def render_site(project, workdir, replacements):
    """deploy/nginx.conf with each real-deploy value swapped for a test one, given as
    test or as (test, the number of times the real one appears)."""
    site = (project / "deploy" / "nginx.conf").read_text("utf-8")
    for real, test in replacements.items():
        test, times = test if isinstance(test, tuple) else (test, 1)
        # Exactly so many: if the file changes, this fails rather than test less.
        assert site.count(real) == times, f"{real!r} should appear {times}x"
        site = site.replace(real, test)
    path = workdir / "site.conf"
    path.write_text(site)
    return path


def render_site_for_tests(project, workdir, ports, certificate):
    """deploy/nginx.conf on loopback: ports are (http, https, gunicorn's), the
    certificate (cert, key) a throwaway one; the site's access log in workdir."""
    http_port, https_port, app_port = ports
    cert, key = certificate
    return render_site(
        project,
        workdir,
        {
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "server 127.0.0.1:8000 ": f"server 127.0.0.1:{app_port} ",
            f"/etc/letsencrypt/live/{DOMAIN}/fullchain.pem": str(cert),
            f"/etc/letsencrypt/live/{DOMAIN}/privkey.pem": str(key),
            f"root /var/lib/{project.name};": f"root {workdir};",
            f"/var/log/nginx/{project.name}.access.log": (
                str(workdir / "site-access.log"),
                2,
            ),
        },
    )


def main_config(workdir, site):
    """The nginx.conf a distribution provides around a site, here all in workdir."""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Root's workers would otherwise drop to a user that cannot read workdir.
    user = "user root;\n" if os.geteuid() == 0 else ""
    path = workdir / "nginx.conf"
    path.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        # Debian's nginx.conf includes its table of file types, as do the others.
        "    include /etc/nginx/mime.types;\n"
        "    log_format with_id '$request_id $status \"$request\"';\n"
        f"    access_log {workdir / 'access.log'} with_id;\n"
        f"{temp_paths}\n"
        f"    include {site};\n"
        "}\n"
    )
    return path


@contextlib.contextmanager
def nginx(config, workdir, port):
    process = subprocess.Popen(
        [require_binary("nginx"), "-p", workdir, "-c", config, "-e", "stderr"],
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "nginx.log").open("w"),
    )
    try:
        wait_until_listening(port, process, workdir / "nginx.log")
        yield
    finally:
        stop(process)


@pytest.fixture(scope="module")
def proxy(bake, tmp_path_factory):
    """(http port, https port, TLS context, workdir): nginx before gunicorn."""
    project = bake("default")
    workdir = tmp_path_factory.mktemp("nginx")
    env = prepare_production(project, workdir, DJANGO_MEDIA_ROOT=str(workdir / "media"))
    # Gunicorn's access log shows the X-Forwarded-For that reached the app server.
    env["GUNICORN_CMD_ARGS"] = (
        f"--access-logfile {workdir / 'gunicorn-access.log'} "
        "--access-logformat '%({x-forwarded-for}i)s'"
    )
    cert, key = self_signed_certificate(workdir)
    http_port, https_port = free_port(), free_port()
    with gunicorn(project, env, workdir) as (app_port, _, _):
        site = render_site_for_tests(
            project, workdir, (http_port, https_port, app_port), (cert, key)
        )
        with nginx(main_config(workdir, site), workdir, https_port):
            context = ssl.create_default_context(cafile=cert)
            yield http_port, https_port, context, workdir


def test_plain_http_is_sent_to_https_at_the_same_path(proxy):
    http_port, *_ = proxy

    response, _ = get(http_port, "/blog/?page=2", {"Host": DOMAIN})

    assert response.status == 301
    assert response.getheader("Location") == f"https://{DOMAIN}/blog/?page=2"


def test_django_sees_the_host_https_and_client_address_nginx_passes(proxy):
    _, https_port, context, workdir = proxy

    response, body = get(
        https_port,
        "/",
        {"Host": DOMAIN, "X-Forwarded-For": CLAIMED_ADDRESS},
        context=context,
    )

    # 200, not 400: the Host reached Django; not 301: it knew the request was HTTPS,
    # as HSTS shows too (SecurityMiddleware sends it on secure requests only).
    assert response.status == 200
    assert b"<!doctype html>" in body.lower()
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
    forwarded_for = f"{CLAIMED_ADDRESS}, 127.0.0.1"
    assert forwarded_for in log_once_written(
        workdir / "gunicorn-access.log", forwarded_for
    )
    # The request id nginx logged is the one Django answered with.
    request_id = response.getheader("X-Request-ID")
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    logged = '"GET / HTTP/1.1" 200 '
    line = next(
        line
        for line in log_once_written(
            workdir / "site-access.log", request_id
        ).splitlines()
        if request_id in line
    )
    assert logged in line


def test_security_headers_and_secure_cookies_arrive_over_https(proxy):
    _, https_port, context, _ = proxy

    response, _ = get(https_port, "/accounts/login/", {"Host": DOMAIN}, context=context)
    headers = {name.lower(): value for name, value in response.getheaders()}

    assert response.status == 200
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "includeSubDomains" in headers["strict-transport-security"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert headers["set-cookie"].startswith("__Secure-csrftoken=")
    assert "; Secure" in headers["set-cookie"]


def media_file(workdir, name, data):
    path = workdir / "media" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return f"/media/{name}"


def gunicorn_requests(workdir):
    return len((workdir / "gunicorn-access.log").read_text().splitlines())


def test_nginx_serves_uploads_itself_as_images_that_run_nothing(proxy):
    _, https_port, context, workdir = proxy
    original = media_file(workdir, "covers/4f2a9c.jpg", b"\xff\xd8\xff fake jpeg")
    rendition = media_file(workdir, "covers/4f2a9c-480w.webp", b"RIFF fake webp")
    before = gunicorn_requests(workdir)

    answers = {
        url: get(https_port, url, {"Host": DOMAIN}, context=context)
        for url in (original, rendition, "/media/covers/", "/media/covers/none.jpg")
    }

    (response, body) = answers[original]
    headers = {name.lower(): value for name, value in response.getheaders()}
    assert response.status == 200
    assert body == b"\xff\xd8\xff fake jpeg"
    assert headers["content-type"] == "image/jpeg"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert headers["cache-control"] == "public, max-age=86400"
    assert "max-age=31536000" in headers["strict-transport-security"]
    response, _ = answers[rendition]
    assert response.status == 200
    assert response.getheader("Content-Type") == "image/webp"
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Security-Policy") == (
        "default-src 'none'; sandbox"
    )
    # A folder is not listed, and a missing file is not passed on to Django.
    assert answers["/media/covers/"][0].status in (403, 404)
    assert answers["/media/covers/none.jpg"][0].status == 404
    time.sleep(0.5)  # gunicorn writes its access log after answering
    assert gunicorn_requests(workdir) == before
