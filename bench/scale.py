"""The blog's pages on a small blog and on a big one: latency and queries.

`.venv/bin/python bench/scale.py --help`. The blog's pages should cost about the same
with 100,000 posts and 1,000,000 comments as with 10 posts: within 1.5 times the
latency, with the same number of queries. This bakes the default project (or the
PostgreSQL one, with --database postgresql), seeds one database with
`seed_demo --posts 10 --comments 100` and another with the big numbers (timing the
seeding), and measures each page on both.

A page is measured inside one process with Django's test client, signed in as the demo
user so that no cached copy answers, and with the kept fragments forgotten before each
request: the time is Django's (middleware, view, queries, template), without a server
or a network in between. The pages take turns, and so do
the two blogs (three processes each), so that a machine growing busier slows them all
alike; on a shared machine the figures still wander, and only the queries are exact.
The list's deep page is the 5,000th (`?after=` the last post of the 4,999th), or the
deepest full page of a smaller blog: both show ten posts, so that the ratio measures
depth, not how many cards each page renders.
"""

import argparse
import contextlib
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent

# The test helpers prepare production settings and start PostgreSQL and Redis.
sys.path.insert(0, str(TEMPLATE_DIR / "tests"))
from conftest import run  # noqa: E402
from servers import prepare_production  # noqa: E402

SMALL = {"posts": 10, "comments": 100}
BIG = {"posts": 100_000, "comments": 1_000_000}
DEEP_PAGE = 5_000
# Each page is requested ROUNDS times in each of SESSIONS processes per blog.
ROUNDS = 10
SESSIONS = 3
# The pages, in the order of the table; the target is a ratio to the small blog.
PAGES = ("list", "deep list page", "post", "drafts", "sitemap.xml")
TARGET_RATIO = 1.5

# Run by `manage.py shell` in the project: prints one line of JSON.
MEASURE = """
import json, logging, time
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from {slug}.blog.management.commands.seed_demo import GENERATED_SLUG_PREFIX
from {slug}.blog.models import Post
from {slug}.caching.generation import forget_cached_pages

published = Post.objects.published()
count = published.count()
slugs = published.values_list("slug", flat=True)
# A generated post: on both blogs it has about ten comments.
notes = published.filter(slug__startswith=GENERATED_SLUG_PREFIX).order_by("pk")
post = notes.values_list("slug", flat=True)[notes.count() // 2]
deep_page = max(1, min({deep_page}, count // 10))
deep_query = f"?after={{slugs[(deep_page - 1) * 10 - 1]}}" if deep_page > 1 else ""
paths = {{
    "list": "/blog/",
    "deep list page": "/blog/" + deep_query,
    "post": f"/blog/{{post}}/",
    "drafts": "/blog/drafts/",
    "sitemap.xml": "/sitemap.xml",
}}
# No request log: written to the pipe this output goes to, it would time the reader.
logging.disable(logging.INFO)
# What a browser sends through the TLS-terminating proxy.
client = Client(headers={{"host": "{host}", "x-forwarded-proto": "https"}})
client.force_login(get_user_model().objects.get(username="demo"))

pages = {{}}
for name, path in paths.items():
    forget_cached_pages()  # the page's lists and comments read from the database
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    pages[name] = {{
        "path": path,
        "status": response.status_code,
        "queries": len(queries),
        "times": [],
    }}
for _ in range({rounds}):
    for page in pages.values():
        forget_cached_pages()
        start = time.perf_counter()
        client.get(page["path"])
        page["times"].append(1000 * (time.perf_counter() - start))
print(json.dumps({{"posts": count, "deep_page": deep_page, "pages": pages}}))
"""


def seed(project, env, posts, comments):
    """seed_demo with that many generated posts; returns wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run(
        [
            sys.executable, "manage.py", "seed_demo", "--password", "demo-password",
            "--posts", posts, "--comments", comments,
        ],
        cwd=project,
        env=env,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu}


def measure(project, env, rounds=ROUNDS, host="example.com"):
    """Each page's status, queries and latencies (ms) on env's database."""
    code = MEASURE.format(
        slug=project.name, deep_page=DEEP_PAGE, rounds=rounds, host=host
    )
    output = run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=project, env=env
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def compare(project, small_env, big_env, big=BIG, rounds=ROUNDS, sessions=SESSIONS):
    """Seed the small and the big blog and measure both; the figures as a dict.

    The two blogs are measured in turns, `sessions` times each, so that a machine
    whose load changes meanwhile weighs on both alike.
    """
    seeding = {
        "small": seed(project, small_env, **SMALL),
        "big": seed(project, big_env, **big),
    }
    envs = {"small": small_env, "big": big_env}
    measured = {size: measure(project, env, rounds) for size, env in envs.items()}
    for _ in range(sessions - 1):
        for size, env in envs.items():
            again = measure(project, env, rounds)
            for name, page in measured[size]["pages"].items():
                page["times"] += again["pages"][name]["times"]
    pages = {}
    for name in PAGES:
        small_page, big_page = (measured[size]["pages"][name] for size in envs)
        for page in (small_page, big_page):
            times = sorted(page.pop("times"))
            page["median_ms"] = statistics.median(times)
            # The least a request took: what the page costs when nothing competes.
            page["min_ms"] = times[0]
            page["p90_ms"] = times[int(0.9 * (len(times) - 1))]
        pages[name] = {
            "small_ms": small_page["median_ms"],
            "big_ms": big_page["median_ms"],
            "ratio": big_page["median_ms"] / small_page["median_ms"],
            "small": small_page,
            "big": big_page,
        }
    return {
        "posts": {size: measured[size]["posts"] for size in envs},
        "deep_page": {size: measured[size]["deep_page"] for size in envs},
        "seeding": seeding,
        "pages": pages,
    }


def summary(figures):
    """One line per page and one for the seeding, for a terminal or a test report."""
    lines = [
        f"{name}: {page['small_ms']:.1f} ms -> {page['big_ms']:.1f} ms "
        f"(x{page['ratio']:.2f}; least {page['small']['min_ms']:.1f} -> "
        f"{page['big']['min_ms']:.1f} ms), queries {page['small']['queries']} -> "
        f"{page['big']['queries']}"
        for name, page in figures["pages"].items()
    ]
    seeding = figures["seeding"]["big"]
    lines.append(
        f"published posts {figures['posts']['small']} -> {figures['posts']['big']}, "
        f"deep page {figures['deep_page']['small']} -> {figures['deep_page']['big']}; "
        f"seeding the big blog took {seeding['wall_s']:.0f} s "
        f"({seeding['cpu_s']:.0f} s of CPU)"
    )
    return lines


@contextlib.contextmanager
def databases(kind, workdir):
    """Two production environments, on two new databases of the kind asked for."""
    if kind == "sqlite":
        yield [Path(workdir, name) for name in ("small", "big")], {}
        return
    from services import postgres_cluster, redis_server

    with postgres_cluster() as postgres, redis_server(Path(workdir)) as redis:
        yield (
            [Path(workdir, name) for name in ("small", "big")],
            {
                "small": {
                    "DATABASE_URL": postgres.new_database(),
                    "REDIS_URL": redis.new_database(),
                },
                "big": {
                    "DATABASE_URL": postgres.new_database(),
                    "REDIS_URL": redis.new_database(),
                },
            },
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", choices=["sqlite", "postgresql"], default="sqlite"
    )
    parser.add_argument("--posts", type=int, default=BIG["posts"])
    parser.add_argument("--comments", type=int, default=BIG["comments"])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--json", type=Path, help="also write the figures there")
    options = parser.parse_args()

    from cookiecutter.main import cookiecutter

    context = (
        {"database": "postgresql", "cache": "redis"}
        if options.database == "postgresql"
        else {}
    )
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as workdir:
        project = Path(
            cookiecutter(
                str(TEMPLATE_DIR),
                no_input=True,
                extra_context=context,
                output_dir=workdir,
            )
        )
        with databases(options.database, workdir) as (folders, services):
            envs = {}
            for folder in folders:
                folder.mkdir()
                envs[folder.name] = prepare_production(
                    project, folder, **services.get(folder.name, {})
                )
            figures = compare(
                project,
                envs["small"],
                envs["big"],
                big={"posts": options.posts, "comments": options.comments},
                rounds=options.rounds,
            )
    print(f"{options.database}:")
    for line in summary(figures):
        print(f"  {line}")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2))
    slow = [n for n, p in figures["pages"].items() if p["ratio"] > TARGET_RATIO]
    if slow:
        print(f"over {TARGET_RATIO} x the small blog's latency: {', '.join(slow)}")


if __name__ == "__main__":
    main()
