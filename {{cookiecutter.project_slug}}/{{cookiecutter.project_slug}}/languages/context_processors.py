"""Context for every template: this page in each of the site's languages, for the
language links and hreflang alternates in the layout (languages/links.html)."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info, override


def alternates(request):
    """Expose ``alternates``: one dict per language, current language included.

    Each holds ``code``, ``name`` (in that language, as a reader of it would look for
    it), ``url`` (this page in that language, absolute, as hreflang wants) and
    ``is_current``. An address that matches no page (a 404, or a request refused
    before it reached one, such as one for another host) gets each language's home
    page instead. They are worked out only if a template reads them: the layout
    keeps the links it makes from them in fragments (base.html).
    """
    return {"alternates": SimpleLazyObject(lambda: page_in_each_language(request))}


def page_in_each_language(request):
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
    return languages
