"""Judge the figures against their targets; print them, or write them into README.md."""

import os
import platform
import re
import sys
from pathlib import Path

from bench import TEMPLATE_DIR

README = TEMPLATE_DIR / "README.md"
README_BEGIN = "<!-- bench:begin (written by bench/run.py --update-readme) -->"
README_END = "<!-- bench:end -->"

# Minimum ratios to the ceiling's requests/s, and maximum values for the rest.
TARGETS = {
    "/": 0.34,
    "/pt-br/": 0.34,
    "/blog/": 0.25,
    "stylesheet": 0.5,
    "worker_rss_mb": 50,
    "page_weight_kb": 8,
    "bake_s": 0.5,
    "test_suite_s": 4,
    "check_cold_s": 0.5,
}


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
