"""Faults while the site runs: PostgreSQL restarts, Redis stops. Gunicorn stays up.

These servers are the module's own: stopping them disturbs no other test.
"""

import time

import pytest
from servers import Visitor, get, gunicorn
from services import postgres_cluster, prepare_seeded_site, redis_server
from traffic import DEMO_PASSWORD

pytestmark = pytest.mark.slow

PROBE_HEADERS = {"Host": "example.com"}


def readiness(port):
    response, body = get(port, "/readyz", PROBE_HEADERS)
    return response.status, body.decode()


def readiness_once_ready(port, within=30):
    """Poll /readyz until it answers 200 ok, for a bounded time; the last answer."""
    deadline = time.monotonic() + within
    answer = readiness(port)
    while answer != (200, "ok") and time.monotonic() < deadline:
        time.sleep(0.5)
        answer = readiness(port)
    return answer


@pytest.fixture(scope="module")
def site(bake, tmp_path_factory):
    """The PostgreSQL and Redis bake under gunicorn: (port, cluster, redis, log)."""
    project = bake("postgres_redis")
    workdir = tmp_path_factory.mktemp("faults")
    with postgres_cluster() as postgres, redis_server(workdir) as redis:
        env = prepare_seeded_site(project, workdir, postgres, redis)
        with gunicorn(project, env, workdir) as (port, _, log_path):
            yield port, postgres, redis, log_path


def test_a_database_restart_is_reported_then_survived_without_restarting(site):
    port, postgres, _, _ = site
    visitor = Visitor()
    # Every worker opens its persistent connection, which the restart will break.
    before = [visitor.get(port, "/blog/")[0].status for _ in range(4)]

    postgres.stop()
    while_down = [readiness(port) for _ in range(4)]
    postgres.start()
    after = readiness_once_ready(port)
    pages_after = [visitor.get(port, "/blog/")[0].status for _ in range(4)]

    assert before == [200] * 4
    assert while_down == [(503, "unavailable: database 'default'")] * 4
    assert after == (200, "ok")
    assert pages_after == [200] * 4


def test_pages_render_while_redis_is_down_and_readiness_names_the_cache(site):
    port, _, redis, log_path = site
    visitor = Visitor()
    logged_in, _ = visitor.submit(
        port, "/accounts/login/", {"login": "demo", "password": DEMO_PASSWORD}
    )

    redis.stop()
    home, home_page = visitor.get(port, "/")
    drafts, _ = visitor.get(port, "/blog/drafts/")
    while_down = readiness(port)
    redis.start()
    after = readiness_once_ready(port)

    assert logged_in.status == 302
    assert home.status == 200
    assert "A short note on models" in home_page
    # Login required, and still logged in: the session came from the database.
    assert drafts.status == 200
    # Pages still render: the server stays in service, reporting the cache degraded.
    assert while_down == (200, "degraded: cache")
    assert "The cache failed" in log_path.read_text()
    assert after == (200, "ok")
