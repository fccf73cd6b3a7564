"""Context for every template: this page in each of the site's languages, for the
language links and hreflang alternates in the layout (languages/links.html)."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override


def alternates(request):
    """Expose ``alternates``: one dict per language, current language included.

    Each holds ``code``, ``name`` (in that language, as a reader of it would look for
    it), ``url`` (this page in that language, absolute, as hreflang wants) and
    ``is_current``. An address that matches no page (a 404) gets each language's
    home page instead.
    """
    try:
        request.get_host()
    except DisallowedHost:
        return {}  # the 400 page for a host the site does not serve links to none
    # The configured address, not the request's host: these pages are cached.
    origin = settings.SITE_URL
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
