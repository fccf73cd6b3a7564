"""Benchmark the default bake side by side with the machine's ceiling.

`make bench` (or `.venv/bin/python bench/run.py --help`) bakes the default project
into a temporary folder and, in one session on loopback, serves

- the ceiling: the hello-world WSGI application in bench/hello.py under gunicorn,
- the baked project in production mode under its own gunicorn.conf.py, and
- the floor: the same project and settings with one more view, which only names the
  signed-in user (bench/floor/),

all with WEB_CONCURRENCY=2, and loads each with wrk for a bounded time: every page
of bench/pages.py's list at 8, 16 and 64 connections, in three rounds. Anonymous
pages, static files and the floor are reported as ratios to the ceiling, signed-in
pages as ratios to the floor, each measured just before them, which keeps the figures
comparable on a busy or different machine; with the server's CPU time per request
and, for signed-in requests, the queries per request. It also measures peak
memory per worker, the compressed weight of the home page with its assets, the bake,
the generated test suite and a cold `manage.py check`.

It prints a table and writes build/bench/bench.json and build/bench/bench.png; with
--update-readme it also rewrites the figures in docs/benchmark.md.

This module reads the command line; measure.py runs the session, with wrk.py (the
load), pages.py (the pages, fetching and weighing them), processes.py (CPU time,
memory) and inprocess.py (queries per request); report.py judges and prints the
figures, chart.py draws them against concurrency. --scale also runs bench/scale.py,
the blog's pages at 100,000 posts, into build/bench/scale-<database>.json.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

# Run as a script, python puts bench/ on the import path, not the template's folder.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import BENCH_DIR, TEMPLATE_DIR
from bench.chart import chart
from bench.measure import BAKES, measure
from bench.report import print_table, update_bench_page

OUTPUT_DIR = TEMPLATE_DIR / "build" / "bench"


# A few browsers' worth, a small proxy's pool, and many more than the workers: with
# the sync worker the rest wait in the listen queue.
CONNECTIONS = [8, 16, 64]


def connection_counts(text):
    try:
        counts = [int(count) for count in text.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(
            f"expected counts such as 8,16,64, got {text!r}"
        )
    return counts


def environment_variable(text):
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per load (5)")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up (1)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--connections",
        type=connection_counts,
        default=CONNECTIONS,
        help="wrk connections, each page loaded at each: "
        f"{','.join(map(str, CONNECTIONS))}",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds, for the median and spread (3)"
    )
    parser.add_argument("--bakes", type=int, default=3, help="bakes timed (3)")
    parser.add_argument(
        "--env",
        type=environment_variable,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the project's server, e.g. GUNICORN_THREADS=4",
    )
    parser.add_argument(
        "--database",
        choices=list(BAKES),
        default="sqlite",
        help="the bake's database (sqlite); postgresql benches the PostgreSQL + Redis "
        "bake on a throwaway server of each, into build/bench/bench-postgresql.json",
    )
    parser.add_argument(
        "--scale",
        action="append",
        default=[],
        choices=["sqlite", "postgresql"],
        help="also run bench/scale.py (100,000 posts; minutes) on this database",
    )
    parser.add_argument(
        "--update-readme",
        action="store_true",
        help="rewrite the figures in docs/benchmark.md",
    )
    return parser.parse_args(argv)


def scale(database):
    """bench/scale.py's figures (it prints its own summary) for one database."""
    figures = OUTPUT_DIR / f"scale-{database}.json"
    subprocess.run(
        [
            sys.executable,
            BENCH_DIR / "scale.py",
            "--database",
            database,
            "--json",
            figures,
        ],
        check=True,
    )
    return json.loads(figures.read_text())


def main(argv=None):
    options = parse_args(argv)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        results = measure(options, Path(workdir))
    results["options"] = vars(options)
    results["scale"] = {database: scale(database) for database in options.scale}
    name = "bench" if options.database == "sqlite" else f"bench-{options.database}"
    figures, drawing = OUTPUT_DIR / f"{name}.json", OUTPUT_DIR / f"{name}.png"
    figures.write_text(json.dumps(results, indent=2) + "\n")
    chart(results, drawing)
    print_table(results)
    print(f"\nwrote {figures} and {drawing}")
    if options.update_readme:
        update_bench_page(results)
        print("updated docs/benchmark.md")


if __name__ == "__main__":
    main()
