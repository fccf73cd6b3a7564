"""Middleware: a security header Django has no setting for."""


class CrossOriginResourcePolicyMiddleware:
    """Ask browsers not to hand this site's responses to pages of other sites.

    Stops another site from embedding our pages, images or scripts (and so from
    reading them through a side channel such as Spectre).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
