"""Tests of the JSON log formatter production uses: one parseable object a line."""

import json
import logging
import sys

from {{ cookiecutter.project_slug }}.operations.json_logs import JsonFormatter


def make_record(message, *args, exc_info=None, **extra):
    record = logging.LogRecord(
        "shop.orders", logging.WARNING, __file__, 1, message, args, exc_info
    )
    record.__dict__.update(extra)
    return record


def test_a_record_becomes_one_line_of_json_with_its_fields():
    record = make_record(
        'Order %s: "quoted"\nsecond line ünïcode',
        42,
        request_id="abc",
        method="POST",
        path="/orders/",
        status=201,
        duration_ms=3.5,
    )

    line = JsonFormatter().format(record)
    entry = json.loads(line)

    assert "\n" not in line
    assert entry["message"] == 'Order 42: "quoted"\nsecond line ünïcode'
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "shop.orders"
    assert entry["timestamp"].endswith("+00:00")
    assert (entry["request_id"], entry["method"], entry["path"]) == (
        "abc",
        "POST",
        "/orders/",
    )
    assert (entry["status"], entry["duration_ms"]) == (201, 3.5)


def test_fields_a_record_lacks_are_left_out():
    entry = json.loads(JsonFormatter().format(make_record("plain")))

    assert set(entry) == {"timestamp", "level", "logger", "message"}


def test_an_exception_is_kept_with_its_traceback():
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        record = make_record("failed", exc_info=sys.exc_info())

    entry = json.loads(JsonFormatter().format(record))

    assert "ZeroDivisionError" in entry["exception"]
    assert "Traceback" in entry["exception"]
