"""Who is asking: the visitor's address, as the rate limits count it."""

from django.conf import settings


def client_address(request):
    """The visitor's IP address, seen through PROXY_COUNT trusted proxies.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the
    entry PROXY_COUNT places from the end was written by our own first proxy; the
    entries before it come from the visitor and may be forged.
    """
    forwarded = [
        address.strip()
        for address in request.headers.get("X-Forwarded-For", "").split(",")
        if address.strip()
    ]
    if settings.PROXY_COUNT and len(forwarded) >= settings.PROXY_COUNT:
        return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
