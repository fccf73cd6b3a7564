"""The floor's settings: the project's production settings, with the floor's address
in front of the site's, so that the floor runs every middleware, session and
authentication step the site runs."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "floor.urls"
