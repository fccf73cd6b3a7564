"""The floor: the site's whole stack around a view that only names the signed-in user.

The bench serves the baked project a second time with bench/ on the import path and
DJANGO_SETTINGS_MODULE=floor.settings: the project's production settings, with one
more address (urls.py) in front of the site's own. The generated project never holds
it.
"""
