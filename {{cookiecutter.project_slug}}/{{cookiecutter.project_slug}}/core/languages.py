"""Languages: the one the address names, and the page being shown in each of the
others, for the language links and hreflang alternates in the layout
(core/languages.html)."""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.exceptions import DisallowedHost
from django.middleware import locale
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override


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


def alternates(request):
    """Expose ``alternates``: one dict per language, current language included.

    Each holds ``code``, ``name`` (in that language, as a reader of it would look for
    it), ``url`` (this page in that language, absolute, as hreflang wants) and
    ``is_current``. An address that matches no page (a 404) gets each language's
    home page instead.
    """
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return {}  # the 400 page for a host the site does not serve links to none
    current = get_language()
    path = request.get_full_path()
    found = request.resolver_match is not None
    languages = []
    for code, _name in settings.LANGUAGES:
        if not found:
            with override(code):
                url = reverse("core:home")
        elif code == current:
            url = path  # this very page: nothing to resolve or reverse
        else:
            url = translate_url(path, code)
        languages.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": origin + url,
                "is_current": code == current,
            }
        )
    return {"alternates": languages}
