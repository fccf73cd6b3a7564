"""One benchmark session: bake, time the project's own tools, then load the servers."""

import contextlib
import datetime
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from conftest import run
from servers import free_port, get, gunicorn, prepare_production, worker_pids

from bench import BENCH_DIR, TEMPLATE_DIR, wrk
from bench.pages import (
    FLOOR,
    PAGES,
    REQUEST_HEADERS,
    SIGNED_IN_KINDS,
    answers,
    asset_urls,
    check_page,
    older_posts_url,
    page_weight,
)
from bench.processes import peak_rss_mb
from bench.report import machine

SEED_POSTS = """
from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.utils.crypto import get_random_string
from {slug}.blog.models import Comment, Post

author = get_user_model().objects.create_user("bench", password="bench-password-1")
reader = get_user_model().objects.create_user("reader", password="bench-password-1")
body = "A paragraph of text for the benchmark. " * 12
for number in range(1, 26):
    post = Post.objects.create(
        title=f"Benchmark post {{number}}",
        author=author,
        body=body,
        status=Post.Status.PUBLISHED,
    )
    if number <= 3:
        Comment.objects.create(post=post, author=author, body="A comment.")
# The newest post, the one benched, has a conversation under it; the drafts page
# lists a few.
for number in range(1, 6):
    Comment.objects.create(post=post, author=reader, body=f"Comment {{number}}. " * 20)
for number in range(1, 4):
    Post.objects.create(title=f"Draft {{number}}", author=author, body=body)
client = Client()
client.force_login(author, backend="django.contrib.auth.backends.ModelBackend")
session = client.cookies[settings.SESSION_COOKIE_NAME].value
# A browser that logged in keeps the CSRF cookie the log-in form set; without one,
# each page would make a new secret and set it.
csrf = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
print("post:", post.get_absolute_url())
cookies = {{settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: csrf}}
print("cookie:", "; ".join(f"{{name}}={{value}}" for name, value in cookies.items()))
"""
# The project served again with the floor's address in front of its own.
FLOOR_ENV = {"DJANGO_SETTINGS_MODULE": "floor.settings"}
FLOOR_ARGS = ["--pythonpath", str(BENCH_DIR)]


# What each database's bake is baked with; PostgreSQL comes with Redis.
BAKES = {
    "sqlite": {"languages": "en,pt-br"},
    "postgresql": {"languages": "en,pt-br", "database": "postgresql", "cache": "redis"},
}


def bake(output_dir, database="sqlite"):
    """Bake the defaults (on PostgreSQL and Redis if asked), in English and Brazilian
    Portuguese, into output_dir; returns (project path, seconds)."""
    from cookiecutter.main import cookiecutter

    start = time.perf_counter()
    project = cookiecutter(
        str(TEMPLATE_DIR),
        no_input=True,
        output_dir=str(output_dir),
        extra_context=BAKES[database],
    )
    return Path(project), time.perf_counter() - start


def wall_time(command, cwd, env=None):
    start = time.perf_counter()
    run(command, cwd=cwd, env=env)
    return time.perf_counter() - start


def time_the_bakes(options, workdir):
    """Bake options.bakes times; returns (the last project, each bake's seconds)."""
    bake_times = []
    for attempt in range(options.bakes):
        project, seconds = bake(workdir / f"bake-{attempt}", options.database)
        bake_times.append(seconds)
    print(f"baked {project.name} in {statistics.median(bake_times):.3f} s (median)")
    return project, bake_times


def time_the_project_tools(project):
    """Seconds taken by the generated test suite, its browser tests and a cold check."""
    # The suite and the check run as the bake's user runs them: in the virtualenv
    # `make install` makes, with Python's bytecode cache on (the first run writes it).
    user_env = {"PYTHONDONTWRITEBYTECODE": ""}
    run(["make", "install"], cwd=project, env=user_env)
    python = project / ".venv" / "bin" / "python"
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    wall_time(pytest, project, user_env)
    test_suite_s = wall_time(pytest, project, user_env)
    browser_tests_s = wall_time(
        [*pytest, "-m", "browser", "--no-cov"], project, user_env
    )
    check = [python, "manage.py", "check"]
    wall_time(check, project, user_env)
    check_cold_s = statistics.median(
        wall_time(check, project, user_env) for _ in range(3)
    )
    print(
        f"test suite {test_suite_s:.2f} s (browser tests {browser_tests_s:.2f} s), "
        f"manage.py check {check_cold_s:.2f} s"
    )
    return {
        "test_suite_s": test_suite_s,
        "browser_tests_s": browser_tests_s,
        "check_cold_s": check_cold_s,
    }


def seed_posts(project, env):
    """25 published posts (two and a half pages of the list), three with a comment and
    the newest with five; three drafts.

    Returns one post's address and the bench user's cookies (session and CSRF), as a
    header.
    """
    seeded = run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            SEED_POSTS.format(slug=project.name),
        ],
        cwd=project,
        env=env,
    )
    # Log lines go to stdout too: pick out the two answers.
    answers = dict(
        line.split(": ", 1)
        for line in seeded.stdout.splitlines()
        if line.startswith(("post: ", "cookie: "))
    )
    return answers["post"], {"Cookie": answers["cookie"]}


def load_the_servers(wrk_path, options, project, env, seeded, workdir):
    """Serve the ceiling, the project and the floor; load each page after its baseline.

    Every page is loaded at each number of connections, in options.rounds rounds,
    each run right after a run of what it is compared with (Page.baseline): the
    machine's spare capacity drifts during a session. Returns (the ceiling's figures,
    each page's figures, the home page's weights, each of the project's workers' peak
    memory).
    """
    post_path, session_cookie = seeded
    ceiling_port = free_port()
    ceiling_args = ["--bind", f"127.0.0.1:{ceiling_port}", "hello:application"]
    with (
        gunicorn(BENCH_DIR, {}, workdir, ceiling_port, args=ceiling_args) as ceiling,
        gunicorn(project, env, workdir) as (port, process, _log),
        gunicorn(project, env | FLOOR_ENV, workdir, args=FLOOR_ARGS) as floor,
    ):
        servers = {"ceiling": ceiling[:2], "site": (port, process), "floor": floor[:2]}
        pages = the_pages_served(servers, post_path, session_cookie)
        baselines = {
            "ceiling": {"path": "/", "server": "ceiling"},
            "floor": {"path": FLOOR.path, "server": "floor", "headers": session_cookie},
        }
        runs = {name: {c: [] for c in options.connections} for name in pages}
        ceiling_runs = {connections: [] for connections in options.connections}
        for round_number in range(1, options.rounds + 1):
            for connections in options.connections:
                for name, page in pages.items():
                    baseline = baselines[page["baseline"]]
                    top = load(wrk_path, options, servers, baseline, connections)
                    run = load(wrk_path, options, servers, page, connections)
                    run["ratio"] = run["rps"] / top["rps"]
                    run["cpu_ratio"] = (
                        top["cpu_ms_per_request"] / run["cpu_ms_per_request"]
                    )
                    if page["baseline"] == "ceiling":
                        ceiling_runs[connections].append(top)
                    runs[name][connections].append(run)
                    print(
                        f"round {round_number}, {connections} connections, "
                        f"{page['path']}: {run['ratio']:.2f} x {page['baseline']}, "
                        f"CPU {run['cpu_ms_per_request']:.2f} ms/request"
                    )

        weights = page_weight(port, "/")
        rss = [peak_rss_mb(pid) for pid in worker_pids(process.pid)]
    ceiling_figures = {c: summarise(runs) for c, runs in ceiling_runs.items()}
    for name, page in pages.items():
        for key in ("headers", "server"):
            del page[key]
        page["connections"] = {c: summarise(r) for c, r in runs[name].items()}
    return ceiling_figures, pages, weights, rss


def the_pages_served(servers, post_path, session_cookie):
    """PAGES with their addresses filled in, as {name: page}, each checked to answer
    200 from its server (the floor's from the floor's, naming the bench user); an
    optional page the bake does not serve is left out."""
    port = servers["site"][0]
    _, html = get(port, "/", REQUEST_HEADERS)
    addresses = {
        "post": post_path,
        "older": older_posts_url(port),
        "stylesheet": next(u for u in asset_urls(html.decode()) if u.endswith(".css")),
    }
    pages = {}
    for page in PAGES:
        server = "floor" if page is FLOOR else "site"
        path = page.path.format(**addresses)
        headers = session_cookie if page.signed_in else {}
        if page.optional and not answers(servers[server][0], path, headers):
            print(f"{page.name}: not served by this bake, left out")
            continue
        check_page(servers[server][0], path, headers)
        pages[page.name] = {
            "path": path,
            "kind": page.kind,
            "baseline": page.baseline,
            "server": server,
            "headers": headers,
        }
    _, named = get(
        servers["floor"][0], FLOOR.path, {**REQUEST_HEADERS, **session_cookie}
    )
    if b"Signed in as bench" not in named:
        sys.exit(f"the floor does not name the bench user: {named[:200]!r}")
    return pages


def load(wrk_path, options, servers, page, connections):
    """wrk's figures for one page (a dict with path, server and maybe headers)."""
    port, process = servers[page["server"]]
    return wrk.load(
        wrk_path,
        port,
        page["path"],
        options,
        process.pid,
        connections,
        page.get("headers"),
    )


def summarise(runs):
    """The median of each figure over the rounds, with the spread of the ratios."""
    figures = {
        key: statistics.median(run[key] for run in runs)
        for key in runs[0]
        if isinstance(runs[0][key], float)
    }
    if "ratio" in figures:
        figures["ratio_min"] = min(run["ratio"] for run in runs)
        figures["ratio_max"] = max(run["ratio"] for run in runs)
    figures["rounds"] = runs
    return figures


def queries_per_request(project, env, pages):
    """SQL statements per request of each signed-in page, counted in-process."""
    for page in pages.values():
        if page["kind"] in SIGNED_IN_KINDS:
            floor_env = FLOOR_ENV if page["kind"] == "floor" else {}
            counted = run(
                [
                    sys.executable,
                    BENCH_DIR / "inprocess.py",
                    project,
                    "--page",
                    page["path"],
                    "--signed-in",
                    "--requests",
                    "20",
                    *(f"--env={name}={value}" for name, value in floor_env.items()),
                ],
                cwd=project,
                env=env,
            )
            page["queries_per_request"] = json.loads(
                counted.stderr.strip().splitlines()[-1]
            )["queries_per_request"]


@contextlib.contextmanager
def services(database, workdir):
    """The variables that point the bake at its database and cache: none for SQLite
    (a file in workdir), a throwaway PostgreSQL and Redis for PostgreSQL."""
    if database == "sqlite":
        yield {}
        return
    from services import postgres_cluster, redis_server

    with postgres_cluster() as postgres, redis_server(workdir) as redis:
        yield {"DATABASE_URL": postgres.new_database(), "REDIS_URL": redis.url()}


def measure(options, workdir):
    """Every figure of one session, as bench.json holds them."""
    wrk_path = shutil.which("wrk")
    if wrk_path is None:
        sys.exit("wrk is not installed (Debian package: wrk)")
    wrk_version = wrk.version(wrk_path)
    load_before = os.getloadavg()[0]

    project, bake_times = time_the_bakes(options, workdir)
    tool_times = time_the_project_tools(project)
    with services(options.database, workdir) as service_env:
        env = prepare_production(project, workdir, **service_env | dict(options.env))
        seeded = seed_posts(project, env)
        ceiling, pages, weights, rss = load_the_servers(
            wrk_path, options, project, env, seeded, workdir
        )
        queries_per_request(project, env, pages)
    return {
        "database": options.database,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(load_before),
        "wrk": f"{wrk_version}, {options.threads} threads, "
        f"{options.duration} s runs, median of {options.rounds} rounds",
        "connections": options.connections,
        "ceiling": ceiling,
        "pages": pages,
        "page_weight_bytes": weights,
        "worker_rss_mb": rss,
        "bake_s": bake_times,
        "other": {
            "worker_rss_mb": max(rss),
            "page_weight_kb": sum(weights.values()) / 1024,
            "bake_s": statistics.median(bake_times),
            **tool_times,
        },
    }
