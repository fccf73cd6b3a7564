"""WSGI entry point for gunicorn; uses production settings by default.

Static files and the pages cached for anonymous visitors are answered here, before
Django handles the request (operations/static_files.py, caching/wsgi.py); every other
request goes to Django. Around them all, every response gets the security headers
it lacks, and a plain 500 page stands in if the application raises
(operations/security_headers.py).
"""

import os
import sys

from django.core.wsgi import get_wsgi_application

from config.settings.require import SettingsError
from {{ cookiecutter.project_slug }}.caching.wsgi import (
    CachedPages,
)
from {{ cookiecutter.project_slug }}.operations.security_headers import (
    SecurityHeaders,
)
from {{ cookiecutter.project_slug }}.operations.static_files import (
    StaticFiles,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

try:
    application = SecurityHeaders(StaticFiles(CachedPages(get_wsgi_application())))
except SettingsError as error:
    # The message lists every missing or bad variable; a traceback would bury it.
    sys.exit(str(error))
