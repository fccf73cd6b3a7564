"""Tests of the health probes: liveness touches nothing, readiness names what is down."""

import pytest
from django.test import override_settings
from django.urls import reverse


def test_liveness_answers_ok_without_database_or_session(client):
    # No django_db mark: any database query here would fail the test.
    response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_answers_ok_when_database_and_cache_answer(client):
    response = client.get(reverse("core:readyz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies


@pytest.mark.django_db
def test_readiness_answers_503_naming_an_unreachable_cache(client, tmp_path):
    # A cache folder below a regular file can never be created: every write fails.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    broken_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(blocker / "cache"),
    }

    # Sessions in the database only: this cache fails as soon as it is built, and a
    # cache-backed session store would build it before any view runs.
    with override_settings(
        CACHES={"default": broken_cache},
        SESSION_ENGINE="django.contrib.sessions.backends.db",
    ):
        response = client.get(reverse("core:readyz"))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"unavailable: cache"
