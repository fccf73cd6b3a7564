#!/usr/bin/env python
"""Django's command-line utility; uses the local development settings by default."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    from config.settings.require import SettingsError

    try:
        execute_from_command_line(sys.argv)
    except SettingsError as error:
        # The message lists every missing or bad variable; a traceback would bury it.
        sys.exit(str(error))


if __name__ == "__main__":
    main()
