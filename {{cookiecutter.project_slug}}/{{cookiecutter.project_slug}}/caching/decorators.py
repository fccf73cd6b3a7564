"""The decorator a view offers its pages to the anonymous page cache with."""

from functools import wraps

from django.contrib.messages import get_messages
from django.middleware.csp import get_nonce
from django.utils.cache import has_vary_header


def cache_for_anonymous(timeout, query_parameters=()):
    """Decorate a view: its page may be shared by anonymous visitors for timeout s.

    The timeout bounds how stale a page may get through changes that send no signal,
    such as a scheduled post's publishing time arriving. Signed-in readers always get
    the page rendered for them.

    query_parameters names the parameters of the query string the view reads. A page
    is kept only for an address with no others, each given once: ?utm=1, ?utm=2...
    would each be a copy of the same page, and anyone could fill the cache with as
    many addresses as they like. Those are rendered for each request instead.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.user.is_authenticated:
                return response  # rendered for them: never shared
            if hasattr(response, "add_post_render_callback"):
                # Decide once the template is rendered: only then is it known
                # whether it read the CSRF token, the CSP nonce or the session.
                response.add_post_render_callback(
                    lambda rendered: offer_if_shareable(
                        request, rendered, timeout, query_parameters
                    )
                )
            else:
                offer_if_shareable(request, response, timeout, query_parameters)
            return response

        return wrapper

    return decorator


def offer_if_shareable(request, response, timeout, query_parameters):
    # AnonymousPageCacheMiddleware keeps a response that carries this attribute.
    if reads_every_parameter(request, query_parameters) and is_shareable(
        request, response
    ):
        response.anonymous_cache_timeout = timeout


def reads_every_parameter(request, query_parameters):
    """Whether the query string holds only these parameters, each at most once."""
    return all(
        name in query_parameters and len(values) == 1
        for name, values in request.GET.lists()
    )


def is_shareable(request, response):
    """Whether this response could be sent to any anonymous visitor unchanged."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.user.is_authenticated
        # A visitor with a message waiting sees it on this page.
        and not get_messages(request)
        # A CSRF token, a CSP nonce or a session belongs to one visitor only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not get_nonce(request)
        and not request.session.modified
        and not has_vary_header(response, "Cookie")
    )
