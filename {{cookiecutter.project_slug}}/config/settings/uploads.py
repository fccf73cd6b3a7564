"""Uploaded files and images: where they are kept, how they are served and checked.

base.py imports these settings; production.py and test.py change STORAGES.
"""

from pathlib import Path

import environ
{%- if cookiecutter.media_storage == "s3" %}

from . import media_s3
{%- endif %}

env = environ.Env()
project_dir = Path(__file__).resolve().parent.parent.parent

# Uploaded files: stored under MEDIA_ROOT (or the bucket, with object storage) and
# served at MEDIA_URL, by nginx in production (deploy/nginx.conf), by Django when
# SERVE_MEDIA is true (development, `make prod-local`).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(project_dir / "media")))
SERVE_MEDIA = False
MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Pages may load pictures from these addresses besides the site's own.
MEDIA_ORIGINS: list[str] = []
{%- if cookiecutter.media_storage == "s3" %}
# In an S3-compatible bucket when DJANGO_S3_BUCKET names one, as production requires
# (config/settings/media_s3.py); in MEDIA_ROOT without it, for development.
if bucket := env("DJANGO_S3_BUCKET", default=""):
    MEDIA_STORAGE = media_s3.storage(env, bucket)
    MEDIA_ORIGINS = media_s3.origins(MEDIA_STORAGE)
{%- endif %}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded images (images/processing.py): the formats accepted, read from the
# file's content; the largest file and the most pixels (a small file can decode to
# a huge picture); and the widths of the smaller copies the worker makes.
IMAGE_FORMATS = ["JPEG", "PNG", "WEBP"]
IMAGE_MAX_BYTES = env.int("DJANGO_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("DJANGO_IMAGE_MAX_PIXELS", default=25_000_000)
IMAGE_RENDITION_WIDTHS = [480, 960]

# What base.py takes from here: the settings, not the helpers above.
__all__ = [
    "IMAGE_FORMATS",
    "IMAGE_MAX_BYTES",
    "IMAGE_MAX_PIXELS",
    "IMAGE_RENDITION_WIDTHS",
    "MEDIA_ORIGINS",
    "MEDIA_ROOT",
    "MEDIA_STORAGE",
    "MEDIA_URL",
    "SERVE_MEDIA",
    "STORAGES",
]
