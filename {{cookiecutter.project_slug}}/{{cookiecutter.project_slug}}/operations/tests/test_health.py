"""Tests of the health probes: liveness touches nothing, readiness names what is down."""

import pytest
from django.test import override_settings
from django.urls import reverse

from {{ cookiecutter.project_slug }}.operations import health


def test_liveness_answers_ok_without_database_or_session(client):
    # No django_db mark: any database query here would fail the test.
    response = client.get(reverse("operations:healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_answers_ok_when_database_and_cache_answer(client):
    response = client.get(reverse("operations:readyz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies


@pytest.mark.django_db
def test_readiness_reports_a_failing_cache_as_degraded(client, tmp_path):
    # A cache folder below a regular file can never be created: every write fails.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    broken_cache = {
        "BACKEND": "{{ cookiecutter.project_slug }}.caching.backends.DegradingFileBasedCache",
        "LOCATION": str(blocker / "cache"),
    }

    with override_settings(
        CACHES={"default": broken_cache},
        SESSION_ENGINE="django.contrib.sessions.backends.db",
    ):
        response = client.get(reverse("operations:readyz"))

    # Pages still render without a cache: the server stays in service.
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"degraded: cache"


@pytest.mark.django_db
def test_readiness_answers_503_naming_an_unreachable_database(client, monkeypatch):
    def refuse(*args):
        raise OSError("connection refused")

    monkeypatch.setattr(health, "_query", refuse)

    response = client.get(reverse("operations:readyz"))

    assert response.status_code == 503
    assert response.content == b"unavailable: database 'default'"
