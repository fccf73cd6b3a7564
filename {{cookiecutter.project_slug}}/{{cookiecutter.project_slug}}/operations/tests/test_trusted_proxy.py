"""Tests of TrustedProxyMiddleware: forwarded headers count from the proxy alone."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from {{ cookiecutter.project_slug }}.operations.middleware import (
    TrustedProxyMiddleware,
)

FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "elsewhere.example",
    "Forwarded": "for=203.0.113.7;proto=https",
    "X-Real-IP": "203.0.113.7",
}


def seen_by_the_view(remote_addr, settings, proxies=("127.0.0.1", "::1")):
    """What the views see of a request from remote_addr that claims FORWARDED."""
    settings.TRUSTED_PROXIES = list(proxies)
    # As production has it: nginx says HTTPS in X-Forwarded-Proto.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["headers"] = {name for name in FORWARDED if name in request.headers}
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=FORWARDED)
    TrustedProxyMiddleware(view)(request)
    return seen


@pytest.mark.parametrize("proxy", ["127.0.0.1", "::1"])
def test_the_proxy_on_this_machine_is_believed(settings, proxy):
    seen = seen_by_the_view(proxy, settings)

    assert seen == {"secure": True, "headers": set(FORWARDED)}


def test_anyone_else_is_not(settings):
    seen = seen_by_the_view("198.51.100.20", settings)

    assert seen == {"secure": False, "headers": set()}


def test_a_proxy_network_can_be_trusted(settings):
    assert seen_by_the_view("10.1.2.3", settings, ["10.0.0.0/8"])["secure"]
    assert not seen_by_the_view("127.0.0.1", settings, ["10.0.0.0/8"])["secure"]


def test_with_no_trusted_proxy_no_one_is_believed(settings):
    # make prod-local: browsers reach gunicorn directly, from this very machine.
    assert seen_by_the_view("127.0.0.1", settings, [])["headers"] == set()


def test_a_unix_socket_is_the_proxy(settings):
    # Gunicorn gives no address for a Unix socket: only the processes its file
    # permissions let in reach it.
    assert seen_by_the_view("", settings)["secure"]


def test_a_bad_proxy_address_stops_the_start(settings):
    settings.TRUSTED_PROXIES = ["nginx.internal"]

    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXIES"):
        TrustedProxyMiddleware(lambda request: HttpResponse())
