"""The PostgreSQL and Redis bake on real servers: migrations, and two app nodes
sharing sessions that end on both at once, even while Redis hangs."""

import contextlib
import os
import re
import signal
import sys
import time
from types import SimpleNamespace

import pytest
from conftest import run
from servers import Visitor, gunicorn
from services import prepare_seeded_site
from traffic import DEMO_PASSWORD

DEMO_LOGIN = {"login": "demo", "password": DEMO_PASSWORD}
NEW_PASSWORD = {
    "oldpassword": DEMO_PASSWORD,
    "password1": "a-new-and-longer-passphrase",
    "password2": "a-new-and-longer-passphrase",
}

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
def site(bake, postgres, redis, tmp_path_factory):
    """Two gunicorn servers (nodes) of one bake, sharing one database and one Redis;
    with the bake and its environment, for commands."""
    project = bake("postgres_redis")
    workdir = tmp_path_factory.mktemp("nodes")
    env = prepare_seeded_site(project, workdir, postgres, redis)
    with (
        gunicorn(project, env, workdir) as (node_a, _, _),
        gunicorn(project, env, workdir) as (node_b, _, _),
    ):
        yield SimpleNamespace(project=project, env=env, nodes=(node_a, node_b))


@pytest.fixture(scope="module")
def two_nodes(site):
    return site.nodes


def change_the_demo_user(site, change):
    """Run `change` (Python, on `demo`, the user) with the bake's manage.py shell."""
    command = "from django.contrib.auth import get_user_model\n"
    command += "demo = get_user_model().objects.get(username='demo')\n" + change
    run(
        [sys.executable, "manage.py", "shell", "-c", command],
        cwd=site.project,
        env=site.env,
    )


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


@contextlib.contextmanager
def hung(redis):
    """Redis stopped in its tracks, with all it holds, as behind a lost network; it
    answers again, with the same data, when the block ends."""
    os.kill(redis.process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(redis.process.pid, signal.SIGCONT)
        # Each worker that met the hung Redis leaves it alone for RETRY_SECONDS
        # (5, in CACHES), and logging in waits for the cache (its rate limits).
        time.sleep(5.5)


def logged_in(node):
    visitor = Visitor()
    visitor.submit(node, "/accounts/login/", DEMO_LOGIN)
    return visitor


def holding_the_same_session(visitor):
    """Another browser with the visitor's session cookie (a stolen one, say)."""
    copy = Visitor()
    copy.cookies = dict(visitor.cookies)
    return copy


def signed_in_on(visitor, nodes):
    """On which nodes the visitor's session signs them in."""
    return [visitor.get(node, "/accounts/")[0].status == 200 for node in nodes]


def test_a_log_out_ends_the_session_on_every_node_while_redis_hangs(two_nodes, redis):
    member = logged_in(two_nodes[0])
    copy = holding_the_same_session(member)
    before = signed_in_on(copy, two_nodes)

    with hung(redis):
        member.submit(two_nodes[0], "/accounts/", {}, action="/accounts/logout/")
        during = signed_in_on(copy, two_nodes)
    after = signed_in_on(copy, two_nodes)

    assert before == [True, True]
    assert during == after == [False, False]


@pytest.fixture
def change_password_back(site):
    yield
    change_the_demo_user(site, f"demo.set_password({DEMO_PASSWORD!r}); demo.save()")


def test_a_password_change_ends_other_sessions_on_every_node_while_redis_hangs(
    two_nodes, redis, change_password_back
):
    member, other_device = logged_in(two_nodes[0]), logged_in(two_nodes[1])
    before = signed_in_on(other_device, two_nodes)

    changed, _ = member.submit(two_nodes[0], "/accounts/password/change/", NEW_PASSWORD)
    with hung(redis):
        during = signed_in_on(other_device, two_nodes)
        still_the_member = signed_in_on(member, two_nodes)
    after = signed_in_on(other_device, two_nodes)

    assert before == [True, True]
    assert changed.status == 302
    assert during == after == [False, False]
    assert still_the_member == [True, True]


@pytest.fixture
def reactivate(site):
    yield
    change_the_demo_user(site, "demo.is_active = True; demo.save()")


def test_a_deactivated_account_is_signed_out_on_every_node_while_redis_hangs(
    site, two_nodes, redis, reactivate
):
    member = logged_in(two_nodes[1])
    before = signed_in_on(member, two_nodes)

    with hung(redis):
        change_the_demo_user(site, "demo.is_active = False; demo.save()")
        during = signed_in_on(member, two_nodes)
    after = signed_in_on(member, two_nodes)

    assert before == [True, True]
    assert during == after == [False, False]
