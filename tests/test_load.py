"""Under load, the default bake in production keeps answering and loses no write.

LOAD_TEST_SECONDS shortens the read load for a local run (default 60).
"""

import collections
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from servers import gunicorn, prepare_production
from traffic import Browser, Wrk, demo_sessions, report_figures, seed_demo

pytestmark = [pytest.mark.slow, pytest.mark.load]

POST_PATH = "/blog/demo-models/"  # one of seed_demo's posts
PAGES = ("/", "/blog/", POST_PATH)
LOAD_SECONDS = int(os.environ.get("LOAD_TEST_SECONDS", "60"))
COMMENTS = 1000
CLIENTS = 32


@pytest.fixture(scope="module")
def site(bake, tmp_path_factory):
    """The seeded default bake under gunicorn, two processes of four threads each.

    Threads let up to eight requests write to SQLite at once.
    """
    project = bake("default")
    workdir = tmp_path_factory.mktemp("load")
    # The load comes from one account: comments are not limited here (an empty
    # rate is none).
    env = prepare_production(project, workdir, DJANGO_RATE_LIMIT_COMMENT="")
    seed_demo(project, env)
    env |= {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"}
    with gunicorn(project, env, workdir) as (port, _process, log_path):
        yield SimpleNamespace(
            project=project,
            env=env,
            port=port,
            log=log_path,
            database=workdir / "db.sqlite3",
        )


def test_pages_answer_64_connections_without_a_failure(site, record_property):
    with Wrk(site.port, PAGES, LOAD_SECONDS, connections=64) as load:
        result = load.result()

    figures = f"{LOAD_SECONDS}s, 64 connections on {' '.join(PAGES)}: {result}"
    report_figures(record_property, figures)
    assert result.requests > 0
    assert result.failed == 0
    assert result.status_classes["5xx"] == 0
    assert result.status_classes["2xx"] == result.requests


def comment_as_one_visitor(port, cookies, numbers):
    """Post one comment for each number in a logged-in session; return the statuses."""
    browser = Browser(port)
    browser.cookies.update(cookies)
    token = browser.csrf_token(POST_PATH)
    statuses = []
    for number in numbers:
        response, _ = browser.request(
            "POST",
            f"{POST_PATH}comments/",
            {"csrfmiddlewaretoken": token, "body": f"Load comment {number}"},
        )
        statuses.append(response.status)
    return statuses


def saved_load_comments(database):
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return connection.execute(
            "SELECT count(*), count(DISTINCT body) FROM blog_comment "
            "WHERE body LIKE 'Load comment %'"
        ).fetchone()


def test_concurrent_comments_are_all_saved(site, record_property):
    # Client i posts comments i, i + 32, i + 64...: 1,000 in all, each text unique.
    shares = [range(client, COMMENTS, CLIENTS) for client in range(CLIENTS)]

    sessions = demo_sessions(site.project, site.env, CLIENTS)

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(
            pool.map(comment_as_one_visitor, [site.port] * CLIENTS, sessions, shares)
        )

    statuses = collections.Counter(status for each in answers for status in each)
    rows, distinct = saved_load_comments(site.database)
    log = site.log.read_text()
    figures = (
        f"{COMMENTS} comments from {CLIENTS} clients: statuses {dict(statuses)}, "
        f"{rows} rows ({distinct} distinct), "
        f"'database is locked' {log.count('database is locked')} times in the log"
    )
    report_figures(record_property, figures)
    assert statuses == {302: COMMENTS}
    assert (rows, distinct) == (COMMENTS, COMMENTS)
    assert "database is locked" not in log
    assert "Traceback" not in log
