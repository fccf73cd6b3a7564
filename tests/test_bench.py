"""The benchmark harness reads wrk's report and page assets, and judges its figures."""

import pytest

from bench.chart import chart
from bench.measure import summarise
from bench.pages import PAGES, asset_urls
from bench.report import RATIO_TARGETS, TARGETS, table_rows
from bench.run import parse_args
from bench.wrk import parse_duration_ms, parse_wrk

WRK_REPORT = """\
Running 2s test @ http://127.0.0.1:18931/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.13ms    1.14ms  15.64ms   92.84%
    Req/Sec     1.87k   380.36     2.24k    90.24%
  Latency Distribution
     50%  812.00us
     75%    2.12ms
     90%    2.75ms
     99%    1.20s
  7614 requests in 2.10s, 1.11MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:   3625.13
Transfer/sec:    541.65KB
""".replace("1.20s", "1.20s ")  # wrk pads some figures with a space


def test_parse_wrk_reads_throughput_latency_and_errors():
    assert parse_wrk(WRK_REPORT) == {
        "rps": 3625.13,
        "p50_ms": pytest.approx(0.812),
        "p99_ms": pytest.approx(1200.0),
        "requests": 7614,
        "socket_errors": 5,
        "bad_status": 4,
    }


def test_parse_wrk_needs_the_latency_distribution():
    without_distribution = "\n".join(
        line for line in WRK_REPORT.splitlines() if "%  " not in line
    )

    with pytest.raises(ValueError, match="--latency"):
        parse_wrk(without_distribution)


def test_parse_wrk_refuses_output_without_a_summary():
    with pytest.raises(ValueError, match="no wrk summary"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


@pytest.mark.parametrize(
    ("text", "milliseconds"),
    [("456.00us", 0.456), ("1.5ms", 1.5), ("2.01s", 2010.0), ("1.00m", 60000.0)],
)
def test_durations_are_converted_to_milliseconds(text, milliseconds):
    assert parse_duration_ms(text) == pytest.approx(milliseconds)


def test_asset_urls_lists_stylesheets_icons_scripts_and_images_only():
    html = """
    <link rel="stylesheet" href="/static/site.1.css">
    <link rel="icon" href="/static/favicon.2.svg" type="image/svg+xml">
    <link rel="canonical" href="https://example.com/">
    <script src="/static/app.3.js"></script>
    <img src="/media/photo.jpg" alt="">
    <a href="/blog/">Blog</a>
    """

    assert asset_urls(html) == [
        "/static/site.1.css",
        "/static/favicon.2.svg",
        "/static/app.3.js",
        "/media/photo.jpg",
    ]


def run_figures(ratio, rps=400.0):
    return {
        "rps": rps,
        "p50_ms": 1.0,
        "p99_ms": 2.0,
        "cpu_ms_per_request": 0.4,
        "ratio": ratio,
        "ratio_min": ratio - 0.02,
        "ratio_max": ratio + 0.02,
        "cpu_ratio": 0.5,
    }


def figures(pages=None, **other):
    """Results as measure() returns them: a ceiling at each concurrency, the pages
    (by default the home page at 0.45 everywhere) and the other figures."""
    ceiling = {"rps": 1000.0, "p50_ms": 1.0, "p99_ms": 2.0, "cpu_ms_per_request": 0.2}
    home = {
        "path": "/",
        "kind": "anonymous",
        "connections": {c: run_figures(0.45) for c in (8, 16, 64)},
    }
    return {
        "ceiling": dict.fromkeys((8, 16, 64), ceiling),
        "pages": pages or {"/": home},
        "other": {
            "worker_rss_mb": 40.0,
            "page_weight_kb": 5.0,
            "bake_s": 0.3,
            "test_suite_s": 3.0,
            "browser_tests_s": 13.0,
            "check_cold_s": 0.4,
            **other,
        },
    }


def judged(results):
    return {label: ok for label, _value, _target, ok in table_rows(results)}


def test_each_figure_with_a_target_is_judged_against_it():
    rows = judged(figures())

    assert rows["`/`, 8 connections"] is True
    assert rows["`/`, 64 connections"] is True
    assert rows["generated test suite (`pytest`)"] is True
    # Informative only: the ceiling and the browser tests have no target.
    assert rows["ceiling (hello world), 16 connections"] is None
    assert rows["its browser tests (`pytest -m browser`)"] is None


def test_a_figure_beyond_its_target_is_marked_missed():
    slow = figures(test_suite_s=TARGETS["test_suite_s"] + 0.01)

    assert judged(slow)["generated test suite (`pytest`)"] is False


def test_each_concurrency_is_judged_against_its_kind_of_target():
    anonymous, static, signed_in = (
        RATIO_TARGETS[kind] for kind in ("anonymous", "static", "signed in")
    )
    pages = {
        # Met at 8 and 16 connections, missed at 64 only.
        "/blog/": {
            "path": "/blog/",
            "kind": "anonymous",
            "connections": {
                8: run_figures(anonymous),
                16: run_figures(anonymous + 0.1),
                64: run_figures(anonymous - 0.01),
            },
        },
        # A ratio good for a signed-in page falls short for a static file.
        "stylesheet": {
            "path": "/static/site.css",
            "kind": "static",
            "connections": {8: run_figures(static - 0.01)},
        },
        "signed-in post": {
            "path": "/blog/a-post/",
            "kind": "signed in",
            "queries_per_request": 3.0,
            "connections": {8: run_figures(signed_in)},
        },
    }

    rows = judged(figures(pages))

    assert rows["`/blog/`, 8 connections"] is True
    assert rows["`/blog/`, 16 connections"] is True
    assert rows["`/blog/`, 64 connections"] is False
    assert rows["stylesheet, 8 connections"] is False
    assert rows["signed-in post, 8 connections"] is True


def test_a_row_shows_the_spread_and_a_signed_in_page_its_queries():
    pages = {
        "signed-in post": {
            "path": "/blog/a-post/",
            "kind": "signed in",
            "baseline": "floor",
            "queries_per_request": 3.0,
            "connections": {16: run_figures(0.2)},
        }
    }

    (value,) = (
        value
        for label, value, _target, _ok in table_rows(figures(pages))
        if label == "signed-in post, 16 connections"
    )

    assert value.startswith("0.20 x floor (0.18-0.22; 400 req/s)")
    assert value.endswith(", 3 queries")


def test_summarise_takes_medians_and_the_range_of_the_ratios():
    runs = [
        run_figures(ratio, rps)
        for ratio, rps in ((0.5, 500.0), (0.3, 300.0), (0.4, 450.0))
    ]

    summary = summarise(runs)

    assert summary["ratio"] == pytest.approx(0.4)
    assert summary["rps"] == 450.0
    assert summary["ratio_min"] == pytest.approx(0.3)
    assert summary["ratio_max"] == pytest.approx(0.5)
    assert summary["rounds"] == runs


def test_connection_counts_are_read_as_a_list():
    assert parse_args(["--connections", "4,32"]).connections == [4, 32]
    assert parse_args([]).connections == [8, 16, 64]
    with pytest.raises(SystemExit):
        parse_args(["--connections", "8,none"])


def test_the_page_list_has_a_target_for_each_kind_but_the_floor():
    kinds = {page.kind for page in PAGES}

    assert kinds - {"floor"} <= set(RATIO_TARGETS)
    assert "floor" in kinds
    assert "floor" not in RATIO_TARGETS
    # Signed-in pages are compared with the floor, the rest with the ceiling.
    assert {p.baseline for p in PAGES if p.kind == "signed in"} == {"floor"}
    assert {p.baseline for p in PAGES if p.kind != "signed in"} == {"ceiling"}
    assert len({page.name for page in PAGES}) == len(PAGES)


def test_chart_draws_ratio_against_concurrency(tmp_path):
    results = figures(date="now")
    results |= {"date": "2026-01-01 00:00 UTC", "connections": [8, 16, 64]}

    chart(results, tmp_path / "bench.png")

    assert (tmp_path / "bench.png").read_bytes().startswith(b"\x89PNG")


def scale_figures(ratio, queries=(3, 3)):
    """bench/scale.py's figures for one page, the list, as --scale keeps them."""
    page = {
        "small_ms": 5.0,
        "big_ms": 5.0 * ratio,
        "ratio": ratio,
        "small": {"queries": queries[0]},
        "big": {"queries": queries[1]},
    }
    return {"posts": {"small": 21, "big": 95042}, "pages": {"list": page}}


def test_pages_at_scale_are_judged_by_latency_and_queries():
    results = figures()
    results["scale"] = {
        "sqlite": scale_figures(1.2),
        "postgresql": scale_figures(1.6),
    }
    rows = judged(results)

    assert rows["list, sqlite, 95,042 published posts"] is True
    assert rows["list, postgresql, 95,042 published posts"] is False
    results["scale"]["sqlite"] = scale_figures(1.2, queries=(3, 4))
    assert judged(results)["list, sqlite, 95,042 published posts"] is False
