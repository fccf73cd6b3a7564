"""Tests of request ids: kept or made, sent back, and stamped on the request's logs."""

import contextvars
import logging

import pytest
from django.urls import reverse

from {{ cookiecutter.project_slug }}.operations import middleware, request_id


def test_a_plain_incoming_id_is_kept():
    assert request_id.request_id_from("req-42.a:b_C") == "req-42.a:b_C"


@pytest.mark.parametrize(
    "header",
    [None, "", "x" * 129, "two words", "line\nbreak", 'quote"d', "ünïcode", "a;b"],
)
def test_a_missing_or_unsafe_id_is_replaced_by_a_new_one(header):
    made = request_id.request_id_from(header)

    assert made != header
    assert len(made) == 32
    assert int(made, 16) >= 0  # hexadecimal
    assert request_id.request_id_from(header) != made  # a new one each time


def test_the_response_carries_the_incoming_id(client):
    response = client.get(
        reverse("operations:healthz"), headers={"X-Request-ID": "abc-123"}
    )

    assert response["X-Request-ID"] == "abc-123"


def test_the_response_carries_a_new_id_when_none_came(client):
    first = client.get(reverse("operations:healthz"))["X-Request-ID"]
    second = client.get(reverse("operations:healthz"))["X-Request-ID"]

    assert len(first) == len(second) == 32
    assert first != second


def test_every_log_record_of_a_request_carries_its_id(client, caplog):
    caplog.handler.addFilter(request_id.RequestIdFilter())

    with caplog.at_level(logging.INFO):
        response = client.get("/no-such-page/", headers={"X-Request-ID": "trace-me"})

    assert response.status_code == 404
    loggers = {record.name for record in caplog.records}
    assert {"django.request", middleware.logger.name} <= loggers
    assert {record.request_id for record in caplog.records} == {"trace-me"}


def test_each_request_is_logged_with_method_path_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger=middleware.logger.name):
        client.get(reverse("operations:healthz"))

    [record] = [r for r in caplog.records if hasattr(r, "duration_ms")]
    assert (record.method, record.path, record.status) == ("GET", "/healthz", 200)
    assert record.duration_ms >= 0
    assert record.getMessage().startswith("GET /healthz 200 ")


def test_records_outside_a_request_have_no_id(caplog):
    caplog.handler.addFilter(request_id.RequestIdFilter())

    # A fresh context, as in a thread that has served no request.
    contextvars.Context().run(middleware.logger.warning, "not serving anything")

    assert caplog.records[-1].request_id is None
