"""Benchmark the default bake side by side with the machine's ceiling.

`make bench` (or `.venv/bin/python bench/run.py --help`) bakes the default project
into a temporary folder and, in one session on loopback, serves

- the ceiling: the hello-world WSGI application in bench/hello.py under gunicorn, and
- the baked project in production mode under its own gunicorn.conf.py,

both with WEB_CONCURRENCY=2, and loads each with wrk for a bounded time. The project's
pages are reported as ratios to the ceiling measured in the same run, which keeps the
figures comparable on a busy or different machine. It also measures peak memory per
worker, the compressed weight of the home page with its assets, the bake, the generated
test suite and a cold `manage.py check`.

It prints a table and writes build/bench/bench.json and build/bench/bench.png; with
--update-readme it also rewrites the benchmark section of README.md.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = TEMPLATE_DIR / "bench"
OUTPUT_DIR = TEMPLATE_DIR / "build" / "bench"
README = TEMPLATE_DIR / "README.md"
README_BEGIN = "<!-- bench:begin (written by bench/run.py --update-readme) -->"
README_END = "<!-- bench:end -->"

# The test helpers start gunicorn, find its workers and prepare production settings;
# share them.
sys.path.insert(0, str(TEMPLATE_DIR / "tests"))
from conftest import run  # noqa: E402
from servers import (  # noqa: E402
    free_port,
    get,
    gunicorn,
    prepare_production,
    worker_pids,
)

HOST = "example.com"
# What a TLS-terminating proxy and a browser send.
REQUEST_HEADERS = {
    "Host": HOST,
    "X-Forwarded-Proto": "https",
    "Accept-Encoding": "br, gzip",
}

# Minimum ratios to the ceiling's requests/s, and maximum values for the rest.
TARGETS = {
    "/": 0.34,
    "/blog/": 0.25,
    "stylesheet": 0.5,
    "worker_rss_mb": 50,
    "page_weight_kb": 8,
    "bake_s": 0.5,
    "test_suite_s": 4,
    "check_cold_s": 0.5,
}

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

LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


# --- wrk -----------------------------------------------------------------------


def parse_duration_ms(text):
    """wrk's '1.23ms', '456.00us' or '2.01s' in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * LATENCY_UNITS[match.group(2)]


def parse_wrk(output):
    """Requests/s, p50 and p99 latency (ms), requests and errors: `wrk --latency`."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    if rps is None or total is None:
        raise ValueError(f"no wrk summary in:\n{output}")
    percentiles = dict(
        re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE)
    )
    if set(percentiles) != {"50", "99"}:
        raise ValueError(f"no latency distribution (run wrk --latency):\n{output}")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(rps.group(1)),
        "p50_ms": parse_duration_ms(percentiles["50"]),
        "p99_ms": parse_duration_ms(percentiles["99"]),
        "requests": int(total.group(1)),
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "bad_status": int(bad_status.group(1)) if bad_status else 0,
    }


def load(wrk, port, path, options, server_pid):
    """Warm the server up on path, then measure it with wrk.

    Besides wrk's figures, the server's CPU time per request: unlike requests/s, it
    hardly changes when other programs compete for the CPU, so it compares settings
    fairly on a busy machine.
    """
    command = [
        wrk,
        f"--threads={options.threads}",
        f"--connections={options.connections}",
        "--latency",
        *(
            arg
            for name, value in REQUEST_HEADERS.items()
            for arg in ("-H", f"{name}: {value}")
        ),
        f"http://127.0.0.1:{port}{path}",
    ]
    if options.warmup:
        subprocess.run(
            [*command[:1], f"--duration={options.warmup}s", *command[1:]],
            capture_output=True,
            check=True,
        )
    cpu_before = server_cpu_seconds(server_pid)
    result = subprocess.run(
        [*command[:1], f"--duration={options.duration}s", *command[1:]],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = server_cpu_seconds(server_pid) - cpu_before
    figures = parse_wrk(result.stdout)
    if figures["bad_status"]:
        sys.exit(f"{path}: {figures['bad_status']} responses were errors")
    figures["cpu_ms_per_request"] = 1000 * cpu / figures["requests"]
    return figures


# --- the bake and the project --------------------------------------------------


def bake(output_dir):
    """Bake the defaults into output_dir; returns (project path, seconds)."""
    from cookiecutter.main import cookiecutter

    start = time.perf_counter()
    project = cookiecutter(str(TEMPLATE_DIR), no_input=True, output_dir=str(output_dir))
    return Path(project), time.perf_counter() - start


def wall_time(command, cwd, env=None):
    start = time.perf_counter()
    run(command, cwd=cwd, env=env)
    return time.perf_counter() - start


def stat_fields(pid):
    """/proc/<pid>/stat from its third field (state) on."""
    # The command name is in parentheses and may hold spaces: split after it.
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def server_cpu_seconds(master_pid):
    """CPU time used by a gunicorn master, its live workers and its exited ones."""
    # utime, stime, then cutime and cstime: the children the master has reaped.
    ticks = sum(int(field) for field in stat_fields(master_pid)[11:15])
    for pid in worker_pids(master_pid):
        with contextlib.suppress(OSError):
            ticks += sum(int(field) for field in stat_fields(pid)[11:13])
    return ticks / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid):
    """The process's peak resident memory (VmHWM) in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kilobytes = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1))
    return kilobytes / 1024


def asset_urls(html):
    """Addresses of the stylesheets, icons, scripts and images a page links to."""
    tags = re.findall(r"<(?:link|script|img)\b[^>]*>", html)
    urls = []
    for tag in tags:
        match = re.search(r'\b(?:href|src)="([^"]+)"', tag)
        if match and (
            not tag.startswith("<link") or "stylesheet" in tag or "icon" in tag
        ):
            urls.append(match.group(1))
    return urls


def page_weight(port, path):
    """Bytes of the page's body and its assets' bodies, as sent to a browser."""
    response, body = get(port, path, REQUEST_HEADERS)
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}")
    weights = {path: len(body)}
    for url in asset_urls(body.decode()):
        asset, asset_body = get(port, url, REQUEST_HEADERS)
        if asset.status != 200:
            sys.exit(f"{url} (linked from {path}) answered {asset.status}")
        weights[url] = len(asset_body)
    return weights


def check_page(port, path):
    response, _ = get(port, path, REQUEST_HEADERS)
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}, not 200")


# --- report --------------------------------------------------------------------


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[1]:.1f}"
    )


def table_rows(results):
    """(figure, value, target, ok) rows for the printed and README tables."""
    ceiling = results["ceiling"]
    rows = [
        (
            "ceiling (hello world)",
            f"{ceiling['rps']:.0f} req/s, p50 {ceiling['p50_ms']:.2f} ms, "
            f"p99 {ceiling['p99_ms']:.2f} ms, "
            f"CPU {ceiling['cpu_ms_per_request']:.2f} ms",
            "",
            None,
        )
    ]
    for name, page in results["pages"].items():
        target = TARGETS.get(name)
        rows.append(
            (
                f"`{page['path']}`" if name != "stylesheet" else "stylesheet",
                f"{page['ratio']:.2f} x ceiling ({page['rps']:.0f} req/s), "
                f"p50 {page['p50_ms']:.2f} ms, p99 {page['p99_ms']:.2f} ms, "
                f"CPU {page['cpu_ms_per_request']:.2f} ms ({page['cpu_ratio']:.2f} x)",
                f"≥ {target}" if target else "",
                page["ratio"] >= target if target else None,
            )
        )
    other = results["other"]
    for key, label, unit in (
        ("worker_rss_mb", "peak RSS per worker", "MB"),
        ("page_weight_kb", "page weight of `/` with assets", "kB"),
        ("bake_s", "bake", "s"),
        ("test_suite_s", "generated test suite (`pytest`)", "s"),
        ("browser_tests_s", "its browser tests (`pytest -m browser`)", "s"),
        ("check_cold_s", "`manage.py check`, cold", "s"),
    ):
        target = TARGETS.get(key)
        rows.append(
            (
                label,
                f"{other[key]:.2f} {unit}",
                f"≤ {target} {unit}" if target else "",
                other[key] <= target if target else None,
            )
        )
    return rows


def markdown_table(results):
    lines = [
        f"Measured {results['date']} on {results['machine']}; "
        f"wrk {results['wrk']}, WEB_CONCURRENCY=2.",
        "",
        "| figure | value | target | met |",
        "| --- | --- | --- | --- |",
    ]
    for label, value, target, ok in table_rows(results):
        met = "" if ok is None else ("yes" if ok else "**no**")
        lines.append(f"| {label} | {value} | {target} | {met} |")
    return "\n".join(lines)


def print_table(results):
    rows = table_rows(results)
    width = max(len(label) for label, *_ in rows)
    print(f"\n{results['date']}  {results['machine']}")
    for label, value, target, ok in rows:
        met = "" if ok is None else ("ok" if ok else "MISSED")
        print(f"{label.replace('`', ''):<{width}}  {value:<90}  {target:<10} {met}")


def update_readme(results):
    text = README.read_text()
    begin, end = text.find(README_BEGIN), text.find(README_END)
    if begin < 0 or end < begin:
        sys.exit(f"README.md has no section between {README_BEGIN} and {README_END}")
    section = f"{README_BEGIN}\n{markdown_table(results)}\n"
    README.write_text(text[:begin] + section + text[end:])


def chart(results, path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    names = list(results["pages"])
    ratios = [results["pages"][name]["ratio"] for name in names]
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    bars = left.bar(names, ratios, color="#4a7bb7")
    left.bar_label(bars, fmt="%.2f")
    for index, name in enumerate(names):
        if name in TARGETS:
            left.hlines(TARGETS[name], index - 0.4, index + 0.4, colors="#c0392b")
    left.set_ylabel("requests/s as a ratio to the ceiling")
    left.set_title("Throughput (red: target)")

    labels = ["ceiling", *names]
    p50 = [results["ceiling"]["p50_ms"]] + [
        results["pages"][n]["p50_ms"] for n in names
    ]
    p99 = [results["ceiling"]["p99_ms"]] + [
        results["pages"][n]["p99_ms"] for n in names
    ]
    positions = range(len(labels))
    right.bar([p - 0.2 for p in positions], p50, width=0.4, label="p50")
    right.bar([p + 0.2 for p in positions], p99, width=0.4, label="p99")
    right.set_xticks(list(positions), labels)
    right.set_ylabel("latency (ms)")
    right.set_title("Latency")
    right.legend()
    figure.suptitle(f"Default bake vs hello-world ceiling, {results['date']}")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


# --- the run -------------------------------------------------------------------


def measure(options, workdir):
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed (Debian package: wrk)")
    wrk_version = subprocess.run(
        [wrk, "--version"], capture_output=True, text=True, check=False
    ).stdout.split()[1]

    bake_times = []
    for attempt in range(options.bakes):
        project, seconds = bake(workdir / f"bake-{attempt}")
        bake_times.append(seconds)
    print(f"baked {project.name} in {statistics.median(bake_times):.3f} s (median)")

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

    env = prepare_production(project, workdir, **dict(options.env))
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
    post_path = seeded.stdout.strip().splitlines()[-1]

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
            ceilings.append(load(wrk, ceiling_port, "/", options, ceiling[1].pid))
            page = {"path": path, **load(wrk, port, path, options, process.pid)}
            page["ratio"] = page["rps"] / ceilings[-1]["rps"]
            cpu = page["cpu_ms_per_request"]
            page["cpu_ratio"] = ceilings[-1]["cpu_ms_per_request"] / cpu
            pages[name] = page
            print(
                f"{path}: {page['rps']:.0f} req/s, ratio {page['ratio']:.2f}; "
                f"CPU {cpu:.2f} ms/request, ratio {page['cpu_ratio']:.2f}"
            )

        weights = page_weight(port, "/")
        workers = worker_pids(process.pid)
        rss = [peak_rss_mb(pid) for pid in workers]

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
            "test_suite_s": test_suite_s,
            "browser_tests_s": browser_tests_s,
            "check_cold_s": check_cold_s,
        },
    }


def environment_variable(text):
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds per load (10)"
    )
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up (2)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--connections", type=int, default=8, help="wrk connections (8)"
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
        "--update-readme", action="store_true", help="rewrite README.md's bench section"
    )
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        results = measure(options, Path(workdir))
    results["options"] = vars(options)
    (OUTPUT_DIR / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
    chart(results, OUTPUT_DIR / "bench.png")
    print_table(results)
    print(f"\nwrote {OUTPUT_DIR / 'bench.json'} and {OUTPUT_DIR / 'bench.png'}")
    if options.update_readme:
        update_readme(results)
        print("updated README.md")


if __name__ == "__main__":
    main()
