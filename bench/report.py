"""Judge the figures against their targets; print them, or write them into the docs."""

import os
import platform
import re
import sys
from pathlib import Path

from bench import TEMPLATE_DIR
from bench.scale import TARGET_RATIO as SCALE_RATIO_TARGET

BENCH_PAGE = TEMPLATE_DIR / "docs" / "benchmark.md"
PAGE_BEGIN = "<!-- bench:begin (written by bench/run.py --update-readme) -->"
PAGE_END = "<!-- bench:end -->"

# Minimum ratios to the baseline's requests/s, by kind of page (pages.PAGES), met at
# every number of connections: the ceiling's for anonymous pages and static files, the
# floor's for signed-in pages. The floor itself is reported against the ceiling, with
# no target: it is what Django's stack costs.
RATIO_TARGETS = {"anonymous": 0.40, "static": 0.60, "signed in": 0.60}
# Maximum values for the other figures.
TARGETS = {
    "worker_rss_mb": 50,
    "page_weight_kb": 8,
    "bake_s": 0.5,
    "test_suite_s": 4,
    "check_cold_s": 0.5,
}


def machine(load_before):
    """The machine, and its load average over the minute before the session began
    (the session's own load raises it afterwards): below 1 on a quiet machine."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average {load_before:.1f} before "
        "the session"
    )


def page_label(name, page):
    if name.startswith(("stylesheet", "signed-in", "floor")):
        return name
    return f"`{page['path']}`"


def table_rows(results):
    """(figure, value, target, ok) rows for the printed table and docs/benchmark.md.

    Throughput is the median ratio over the rounds, with the lowest and highest in
    brackets; a page meets its target when the median does, at each concurrency.
    """
    rows = []
    for connections, ceiling in results["ceiling"].items():
        rows.append(
            (
                f"ceiling (hello world), {connections} connections",
                f"{ceiling['rps']:.0f} req/s, p50 {ceiling['p50_ms']:.2f} ms, "
                f"p99 {ceiling['p99_ms']:.2f} ms, "
                f"CPU {ceiling['cpu_ms_per_request']:.2f} ms",
                "",
                None,
            )
        )
    for name, page in results["pages"].items():
        target = RATIO_TARGETS.get(page["kind"])
        queries = page.get("queries_per_request")
        for connections, figures in page["connections"].items():
            rows.append(
                (
                    f"{page_label(name, page)}, {connections} connections",
                    f"{figures['ratio']:.2f} x {page.get('baseline', 'ceiling')} "
                    f"({figures['ratio_min']:.2f}-{figures['ratio_max']:.2f}; "
                    f"{figures['rps']:.0f} req/s), "
                    f"p50 {figures['p50_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms, "
                    f"CPU {figures['cpu_ms_per_request']:.2f} ms "
                    f"({figures['cpu_ratio']:.2f} x)"
                    + (f", {queries:g} queries" if queries is not None else ""),
                    f"≥ {target}" if target else "",
                    figures["ratio"] >= target if target else None,
                )
            )
    for database, scale in results.get("scale", {}).items():
        posts = scale["posts"]["big"]
        for name, page in scale["pages"].items():
            small, big = page["small"]["queries"], page["big"]["queries"]
            rows.append(
                (
                    f"{name}, {database}, {posts:,} published posts",
                    f"{page['big_ms']:.1f} ms against {page['small_ms']:.1f} ms "
                    f"(x{page['ratio']:.2f}), queries {small} -> {big}",
                    f"≤ {SCALE_RATIO_TARGET} x, same queries",
                    page["ratio"] <= SCALE_RATIO_TARGET and small == big,
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
        f"wrk {results['wrk']}, WEB_CONCURRENCY=2. Ratios are medians over the "
        "rounds (lowest-highest in brackets); CPU is the server's per request.",
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
        print(f"{label.replace('`', ''):<{width}}  {value:<100}  {target:<10} {met}")


def update_bench_page(results):
    text = BENCH_PAGE.read_text()
    begin, end = text.find(PAGE_BEGIN), text.find(PAGE_END)
    if begin < 0 or end < begin:
        sys.exit(
            f"docs/benchmark.md has no section between {PAGE_BEGIN} and {PAGE_END}"
        )
    section = f"{PAGE_BEGIN}\n{markdown_table(results)}\n"
    BENCH_PAGE.write_text(text[:begin] + section + text[end:])
