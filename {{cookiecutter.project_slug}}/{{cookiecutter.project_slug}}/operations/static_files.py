"""Static files answered before Django handles the request.

As Django middleware, WhiteNoise answers a static file only after Django has built
the request, sent the request signals and entered the middleware before it: seven
times the cost of WhiteNoise's own work. Wrapped around the WSGI application (see
config/wsgi.py), it answers from its table of files and Django never sees those
requests. It is configured from Django's settings, exactly as the middleware is;
runserver serves the WSGI application too, so development works the same way.

Under an ASGI server (config/asgi.py), have the proxy serve STATIC_ROOT: WhiteNoise
speaks WSGI only.
"""

from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFiles(WhiteNoiseMiddleware):
    """WhiteNoise set up by Django's settings, as WSGI middleware around ``application``."""

    def __init__(self, application):
        super().__init__()  # reads the settings and lists the files
        self.application = application

    # The WSGI side of WhiteNoise, in place of the middleware's request/response side.
    __call__ = WhiteNoise.__call__
    serve = staticmethod(WhiteNoise.serve)
