"""WSGI entry point for gunicorn; uses production settings by default."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from config.settings.require import SettingsError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

try:
    application = get_wsgi_application()
except SettingsError as error:
    # The message lists every missing or bad variable; a traceback would bury it.
    sys.exit(str(error))
