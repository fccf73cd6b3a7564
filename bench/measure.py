"""One benchmark session: bake, time the project's own tools, then load both servers."""

import datetime
import shutil
import statistics
import sys
import time
from pathlib import Path

from conftest import run
from servers import free_port, get, gunicorn, prepare_production, worker_pids

from bench import BENCH_DIR, TEMPLATE_DIR, wrk
from bench.pages import REQUEST_HEADERS, asset_urls, check_page, page_weight
from bench.processes import peak_rss_mb
from bench.report import machine

SEED_POSTS = """
from django.contrib.auth import get_user_model
from {slug}.blog.models import Comment, Post

author = get_user_model().objects.create_user("bench", password="bench-password-1")
for number in range(1, 11):
    post = Post.objects.create(
        title=f"Benchmark post {{number}}",
        author=author,
        body="A paragraph of text for the benchmark. " * 12,
        status=Post.Status.PUBLISHED,
    )
    if number <= 3:
        Comment.objects.create(post=post, author=author, body="A comment.")
print(Post.objects.published().first().get_absolute_url())
"""


def bake(output_dir):
    """Bake the defaults, in English and Brazilian Portuguese, into output_dir;
    returns (project path, seconds)."""
    from cookiecutter.main import cookiecutter

    start = time.perf_counter()
    project = cookiecutter(
        str(TEMPLATE_DIR),
        no_input=True,
        output_dir=str(output_dir),
        extra_context={"languages": "en,pt-br"},
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
        project, seconds = bake(workdir / f"bake-{attempt}")
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
    """Ten published posts, three with a comment; returns one post's address."""
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
    return seeded.stdout.strip().splitlines()[-1]


def load_both_servers(wrk_path, options, project, env, post_path, workdir):
    """Serve the ceiling and the project; load each page after its own ceiling run.

    Returns (the ceiling's runs, each page's figures, the home page's weights, each
    worker's peak memory).
    """
    ceiling_port = free_port()
    ceiling_args = ["--bind", f"127.0.0.1:{ceiling_port}", "hello:application"]
    with (
        gunicorn(BENCH_DIR, {}, workdir, ceiling_port, args=ceiling_args) as ceiling,
        gunicorn(project, env, workdir) as (port, process, _log),
    ):
        check_page(port, "/")
        _, html = get(port, "/", REQUEST_HEADERS)
        stylesheet = next(u for u in asset_urls(html.decode()) if u.endswith(".css"))
        paths = {
            "/": "/",
            # The same page in Portuguese: the page cache answers it as fast.
            "/pt-br/": "/pt-br/",
            "/blog/": "/blog/",
            "post": post_path,
            "stylesheet": stylesheet,
        }
        for path in paths.values():
            check_page(port, path)

        # The ceiling is loaded right before each page, and each page compared with
        # its own ceiling run: the machine's spare capacity drifts during a session.
        ceilings, pages = [], {}
        for name, path in paths.items():
            ceilings.append(
                wrk.load(wrk_path, ceiling_port, "/", options, ceiling[1].pid)
            )
            page = {
                "path": path,
                **wrk.load(wrk_path, port, path, options, process.pid),
            }
            page["ratio"] = page["rps"] / ceilings[-1]["rps"]
            cpu = page["cpu_ms_per_request"]
            page["cpu_ratio"] = ceilings[-1]["cpu_ms_per_request"] / cpu
            pages[name] = page
            print(
                f"{path}: {page['rps']:.0f} req/s, ratio {page['ratio']:.2f}; "
                f"CPU {cpu:.2f} ms/request, ratio {page['cpu_ratio']:.2f}"
            )

        weights = page_weight(port, "/")
        rss = [peak_rss_mb(pid) for pid in worker_pids(process.pid)]
    return ceilings, pages, weights, rss


def measure(options, workdir):
    """Every figure of one session, as bench.json holds them."""
    wrk_path = shutil.which("wrk")
    if wrk_path is None:
        sys.exit("wrk is not installed (Debian package: wrk)")
    wrk_version = wrk.version(wrk_path)

    project, bake_times = time_the_bakes(options, workdir)
    tool_times = time_the_project_tools(project)
    env = prepare_production(project, workdir, **dict(options.env))
    post_path = seed_posts(project, env)
    ceilings, pages, weights, rss = load_both_servers(
        wrk_path, options, project, env, post_path, workdir
    )

    ceiling = {
        key: statistics.mean(c[key] for c in ceilings)
        for key in ("rps", "p50_ms", "p99_ms", "cpu_ms_per_request")
    }
    ceiling["runs"] = ceilings
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "wrk": f"{wrk_version}, {options.threads} threads, "
        f"{options.connections} connections, {options.duration} s",
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
