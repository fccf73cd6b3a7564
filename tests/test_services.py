"""The PostgreSQL and Redis bake on real servers: migrations, and two app nodes."""

import re
import sys

import pytest
from conftest import run
from servers import Visitor, gunicorn
from services import prepare_seeded_site
from traffic import DEMO_PASSWORD

pytestmark = pytest.mark.slow


# Apps whose own migrations cannot run backwards: django-tasks-db's 0013 moves data
# with no reverse step. Their tables stay; every other app goes back to zero.
IRREVERSIBLE_APPS = {"django_tasks_database"}


def test_migrations_run_forward_and_back_to_zero(bake, postgres):
    project = bake("postgres_redis")
    url = postgres.new_database()
    manage = [sys.executable, "manage.py"]
    env = {"DATABASE_URL": url}

    run([*manage, "migrate", "--noinput"], cwd=project, env=env)
    migrated = postgres.tables(url)
    listing = run([*manage, "showmigrations"], cwd=project, env=env).stdout
    apps = re.findall(r"^(\w+)$", listing, re.MULTILINE)
    for app in set(apps) - IRREVERSIBLE_APPS:
        run([*manage, "migrate", app, "zero", "--noinput"], cwd=project, env=env)
    unmigrated = {
        table
        for table in postgres.tables(url)
        if not table.startswith(tuple(IRREVERSIBLE_APPS))
    }
    listing_after = run([*manage, "showmigrations"], cwd=project, env=env).stdout
    run([*manage, "migrate", "--noinput"], cwd=project, env=env)

    assert {"users_user", "blog_post", "blog_comment", "django_session"} <= migrated
    assert {"auth", "blog", "users", "sessions"} <= set(apps)
    assert unmigrated == {"django_migrations"}
    assert set(apps) >= IRREVERSIBLE_APPS
    assert all(
        "[X]" not in section
        for section in re.split(r"^(?=\w)", listing_after, flags=re.MULTILINE)
        if not section.startswith(tuple(IRREVERSIBLE_APPS))
    )
    assert postgres.tables(url) == migrated


@pytest.fixture(scope="module")
def two_nodes(bake, postgres, redis, tmp_path_factory):
    """Two gunicorn servers of one bake, sharing one database and one Redis."""
    project = bake("postgres_redis")
    workdir = tmp_path_factory.mktemp("nodes")
    env = prepare_seeded_site(project, workdir, postgres, redis)
    with (
        gunicorn(project, env, workdir) as (node_a, _, _),
        gunicorn(project, env, workdir) as (node_b, _, _),
    ):
        yield node_a, node_b


def test_a_session_started_on_one_node_is_valid_on_the_other(two_nodes):
    node_a, node_b = two_nodes
    visitor = Visitor()

    before, _ = visitor.get(node_b, "/blog/drafts/")
    logged_in, _ = visitor.submit(
        node_a, "/accounts/login/", {"login": "demo", "password": DEMO_PASSWORD}
    )
    after, page = visitor.get(node_b, "/blog/drafts/")

    assert before.status == 302  # to the login page
    assert logged_in.status == 302
    assert "__Secure-sessionid" in visitor.cookies
    assert after.status == 200
    assert "demo" in page


def test_a_post_published_on_one_node_shows_at_once_on_the_others_home(two_nodes):
    node_a, node_b = two_nodes
    author, reader = Visitor(), Visitor()
    title = "Written on node A, read on node B"
    visitor_login = {"login": "demo", "password": DEMO_PASSWORD}
    fields = {"title": title, "slug": "", "body": "Shared.", "status": "published"}

    # Node B renders its home page first, so the latest posts are in the cache.
    _, home_before = reader.get(node_b, "/")
    author.submit(node_a, "/accounts/login/", visitor_login)
    published, _ = author.submit(node_a, "/blog/new/", fields)
    _, home_after = reader.get(node_b, "/")

    assert "A short note on models" in home_before
    assert title not in home_before
    assert published.status == 302
    assert title in home_after
