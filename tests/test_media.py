"""Uploaded images on real servers: the worker makes their renditions, and every way
of serving the site (`make run`, `make prod-local`, gunicorn behind nginx) serves them.

An author logs in and posts a cover through the form, as a browser would
(multipart/form-data), to production gunicorn; a real `manage.py db_worker` makes the
smaller copies afterwards.
"""

import contextlib
import json
import re
import subprocess
import sys
import time
import urllib.parse
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from conftest import clean_env
from PIL import Image
from servers import (
    PROXY_HEADERS,
    Visitor,
    free_port,
    get,
    gunicorn,
    prepare_production,
    stop_group,
    wait_until_listening,
)
from traffic import DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.slow

VENV = Path(sys.executable).parent.parent


def jpeg(size=(1200, 800)):
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def multipart(fields, files):
    """A multipart/form-data body, as a browser sends a form with a file input."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields.items()
    ]
    for name, (filename, content_type, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload_cover(visitor, port, title, data):
    """Post a new published post with a cover image; returns the response."""
    _, form = visitor.get(port, "/blog/new/")
    assert 'enctype="multipart/form-data"' in form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    body, content_type = multipart(
        {
            "csrfmiddlewaretoken": token,
            "title": title,
            "body": "Photographed today.",
            "status": "published",
            "cover_alt": "A teal square",
        },
        {"cover": ("IMG_0001.jpg", "image/jpeg", data)},
    )
    response, _ = get(
        port,
        "/blog/new/",
        {
            **PROXY_HEADERS,
            **visitor._cookie_header(),
            "Origin": "https://example.com",
            "Content-Type": content_type,
        },
        method="POST",
        body=body,
    )
    return response


def log_in(port):
    visitor = Visitor()
    response, _ = visitor.submit(
        port, "/accounts/login/", {"login": "demo", "password": DEMO_PASSWORD}
    )
    assert response.status == 302
    return visitor


def run_worker_until_idle(project, env):
    """A real `manage.py db_worker`, stopped once the queue is empty."""
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=project,
        env=clean_env(env),
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_an_upload_is_answered_at_once_and_the_worker_makes_its_renditions(
    bake, tmp_path
):
    project = bake("default")
    media = tmp_path / "media"
    env = prepare_production(project, tmp_path, DJANGO_MEDIA_ROOT=str(media))
    env["DJANGO_SERVE_MEDIA"] = "true"  # no nginx here: gunicorn serves the files
    seed_demo(project, env)
    with gunicorn(project, env, tmp_path) as (port, _, _):
        visitor = log_in(port)
        started = time.monotonic()
        response = upload_cover(visitor, port, "A photo", jpeg())
        answered_in = time.monotonic() - started
        assert response.status == 302, response.read()
        post_url = response.getheader("Location")

        _, before = visitor.get(port, post_url)
        original = re.search(r'<img src="/media/(covers/[0-9a-f]{32}\.jpg)"', before)[1]
        # Until the worker has run, the page offers the original alone.
        assert f'srcset="/media/{original} 1200w"' in before
        assert 'width="1200" height="800"' in before
        assert sorted(p.name for p in (media / "covers").iterdir()) == [
            original.split("/")[1]
        ]

        run_worker_until_idle(project, env)

        _, after = visitor.get(port, post_url)
        stem = original.removesuffix(".jpg")
        assert f"/media/{stem}-480w.webp 480w, /media/{stem}-960w.webp 960w" in after
        response, body = get(port, f"/media/{stem}-480w.webp", PROXY_HEADERS)
        assert response.status == 200
        assert Image.open(BytesIO(body)).size == (480, 320)
        assert response.getheader("Cache-Control").endswith("immutable")
    print(f"upload answered in {answered_in:.2f}s; renditions by the worker")


@contextlib.contextmanager
def make_target(project, target, env, log_path):
    """`make <target>` in the bake, as its README says, until stopped."""
    port = free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", target, f"PORT={port}", f"VENV={VENV}"],
            cwd=project,
            env=clean_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_listening(port, process, log_path, timeout=120)
        yield port
    finally:
        stop_group(process)


@pytest.mark.parametrize("target", ["run", "prod-local"])
def test_make_run_and_prod_local_serve_uploads(bake, tmp_path, target):
    project = bake("default")
    media = tmp_path / "media"
    (media / "covers").mkdir(parents=True)
    (media / "covers" / "ab12cd.jpg").write_bytes(jpeg((40, 30)))
    env = {
        "DJANGO_MEDIA_ROOT": str(media),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
    }
    with make_target(project, target, env, tmp_path / "server.log") as port:
        response, body = get(port, "/media/covers/ab12cd.jpg", {"Host": "127.0.0.1"})
        missing, _ = get(port, "/media/covers/none.jpg", {"Host": "127.0.0.1"})

    assert response.status == 200
    assert body == (media / "covers" / "ab12cd.jpg").read_bytes()
    assert response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert (
        response.getheader("Content-Security-Policy") == "default-src 'none'; sandbox"
    )
    assert missing.status == 404


@contextlib.contextmanager
def s3_server(workdir):
    """moto's standalone S3 server on loopback, with one empty bucket; yields the
    variables that point a bake of the s3 option at it."""
    import boto3

    port = free_port()
    log_path = workdir / "moto.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                Path(sys.executable).parent / "moto_server",
                "-H",
                "127.0.0.1",
                "-p",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, process, log_path)
        endpoint = f"http://127.0.0.1:{port}"
        keys = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret"}
        client = boto3.client(
            "s3", endpoint_url=endpoint, region_name="us-east-1", **keys
        )
        client.create_bucket(Bucket="site-media")
        # As the README says: a versioned bucket, so that what the site deletes or
        # replaces stays as an older version, which a restore can bring back.
        client.put_bucket_versioning(
            Bucket="site-media", VersioningConfiguration={"Status": "Enabled"}
        )
        # As the README says: anyone may read media/, only the site's key write.
        public_read = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::site-media/media/*",
                }
            ],
        }
        client.put_bucket_policy(Bucket="site-media", Policy=json.dumps(public_read))
        yield (
            client,
            {
                "DJANGO_S3_BUCKET": "site-media",
                "DJANGO_S3_ENDPOINT_URL": endpoint,
                "DJANGO_S3_REGION": "us-east-1",
                "DJANGO_S3_ACCESS_KEY_ID": "test-key",
                "DJANGO_S3_SECRET_ACCESS_KEY": "test-secret",
            },
        )
    finally:
        process.terminate()
        process.wait(timeout=30)


def bucket_keys(client):
    listing = client.list_objects_v2(Bucket="site-media")
    return sorted(item["Key"] for item in listing.get("Contents", []))


def fetch(url):
    """GET an absolute http URL (the bucket's)."""
    parts = urllib.parse.urlsplit(url)
    return get(parts.port, parts.path, {"Host": parts.netloc})


def test_two_nodes_share_uploads_through_the_bucket(bake, tmp_path):
    project = bake("s3")
    with s3_server(tmp_path) as (client, s3_env):
        env = prepare_production(project, tmp_path, **s3_env)
        seed_demo(project, env)
        # Each node has an empty MEDIA_ROOT of its own: files come from the bucket.
        env_a = {**env, "DJANGO_MEDIA_ROOT": str(tmp_path / "node-a-media")}
        env_b = {**env, "DJANGO_MEDIA_ROOT": str(tmp_path / "node-b-media")}
        with (
            gunicorn(project, env_a, tmp_path) as (node_a, _, _),
            gunicorn(project, env_b, tmp_path) as (node_b, _, _),
        ):
            author = log_in(node_a)
            response = upload_cover(author, node_a, "Shot on node A", jpeg())
            assert response.status == 302
            post_url = response.getheader("Location")
            run_worker_until_idle(project, env_a)

            reader = Visitor()
            page_response, page = reader.get(node_b, post_url)
            endpoint = s3_env["DJANGO_S3_ENDPOINT_URL"]
            original = re.search(
                rf'<img src="({endpoint}/site-media/media/covers/[0-9a-f]{{32}}\.jpg)"',
                page,
            )[1]
            rendition = original.removesuffix(".jpg") + "-480w.webp"
            assert f"{rendition} 480w" in page
            assert endpoint in page_response.getheader("Content-Security-Policy")

            stored, body = fetch(original)
            assert stored.status == 200
            assert Image.open(BytesIO(body)).size == (1200, 800)
            small, body = fetch(rendition)
            assert small.status == 200
            assert Image.open(BytesIO(body)).size == (480, 320)
            assert (
                small.getheader("Cache-Control")
                == "public, max-age=31536000, immutable"
            )
            assert len(bucket_keys(client)) == 3  # the original and two renditions
            assert not (tmp_path / "node-a-media").exists()

            stored_before = {
                key: client.get_object(Bucket="site-media", Key=key)["Body"].read()
                for key in bucket_keys(client)
            }

            # Deleted through node B: its files leave the bucket...
            author.submit(node_b, f"{post_url}delete/", {})
            assert bucket_keys(client) == []
            # ... and stay in it as older versions, for a restore to bring back.
            versions = client.list_object_versions(Bucket="site-media")
            kept = {
                version["Key"]: client.get_object(
                    Bucket="site-media",
                    Key=version["Key"],
                    VersionId=version["VersionId"],
                )["Body"].read()
                for version in versions.get("Versions", [])
            }
            assert kept == stored_before
            assert {marker["Key"] for marker in versions["DeleteMarkers"]} == set(
                stored_before
            )
