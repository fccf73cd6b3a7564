"""The benchmark harness reads wrk's report and page assets, and judges its figures."""

import pytest

from bench.pages import asset_urls
from bench.report import TARGETS, table_rows
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


def figures(**other):
    """Results as measure() returns them: a ceiling, one page and the other figures."""
    run = {"rps": 1000.0, "p50_ms": 1.0, "p99_ms": 2.0, "cpu_ms_per_request": 0.2}
    page = {**run, "path": "/", "rps": 400.0, "ratio": 0.4, "cpu_ratio": 0.5}
    return {
        "ceiling": run,
        "pages": {"/": page},
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


def test_each_figure_with_a_target_is_judged_against_it():
    rows = {label: ok for label, _value, _target, ok in table_rows(figures())}

    assert rows["`/`"] is True
    assert rows["generated test suite (`pytest`)"] is True
    # Informative only: the browser tests have no target.
    assert rows["its browser tests (`pytest -m browser`)"] is None


def test_a_figure_beyond_its_target_is_marked_missed():
    slow = figures(test_suite_s=TARGETS["test_suite_s"] + 0.01)

    rows = {label: ok for label, _value, _target, ok in table_rows(slow)}

    assert rows["generated test suite (`pytest`)"] is False
