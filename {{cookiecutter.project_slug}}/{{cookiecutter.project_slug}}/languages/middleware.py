"""Middleware: turn on the language the address names (/pt-br/...)."""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware import locale


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, without the Vary: Accept-Language it adds to pages
    whose address has no language prefix.

    With i18n_patterns(prefix_default_language=False) such an address is in the
    default language whatever the browser asks for, yet the header would make the page
    cache (and any cache on the way to the reader) keep one copy of each English page
    per browser language, and look twice for each.
    """

    def process_response(self, request, response):
        vary = response.get("Vary")
        localized = super().process_response(request, response)
        used, prefixed_default = is_language_prefix_patterns_used(
            getattr(request, "urlconf", settings.ROOT_URLCONF)
        )
        if localized is response and used and not prefixed_default:
            if vary is None:
                del response["Vary"]
            else:
                response["Vary"] = vary
        return localized
