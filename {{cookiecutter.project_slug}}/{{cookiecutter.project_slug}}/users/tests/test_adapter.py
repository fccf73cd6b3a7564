"""Tests of how allauth's account pages fit the site (users.adapter)."""

from allauth.account.adapter import get_adapter
from allauth.core.internal.ratelimit import parse_rates


def test_rate_limits_count_the_visitor_seen_through_the_sites_proxies(rf, settings):
    settings.PROXY_COUNT = 1
    request = rf.get(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="127.0.0.1"
    )

    # The first entry is the visitor's own word; the last one, our proxy's.
    assert get_adapter().get_client_ip(request) == "198.51.100.7"


def test_a_request_that_passed_fewer_proxies_counts_its_own_address(rf, settings):
    settings.PROXY_COUNT = 2
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.5")

    assert get_adapter().get_client_ip(request) == "10.0.0.5"


def test_each_rate_limit_is_one_allauth_can_read(settings):
    # allauth reads a limit only when its page is used: a typo in a variable would
    # otherwise show first as an error on that page.
    limits = {
        action: parse_rates(rates)
        for action, rates in settings.ACCOUNT_RATE_LIMITS.items()
    }

    assert all(limits.values())
    assert all(
        rate.amount > 0 and rate.duration > 0
        for rates in limits.values()
        for rate in rates
    )
