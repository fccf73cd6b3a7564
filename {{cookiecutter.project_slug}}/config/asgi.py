"""ASGI entry point for async servers; uses production settings by default.

Static files are answered in config/wsgi.py, which an ASGI server does not use: have
the proxy serve the STATIC_ROOT folder at STATIC_URL.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
