"""How allauth's account pages fit the site."""

from allauth.account.adapter import DefaultAccountAdapter

from .throttling import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # The address rate limits count: the same one django-axes counts, seen
        # through the site's own proxies. allauth's own reading fails with an error
        # when X-Forwarded-For holds fewer entries than PROXY_COUNT.
        return client_address(request)
