"""Renditions: the smaller copies of an uploaded image, named after the original.

``covers/3f9a...c2.jpg`` has its renditions beside it, ``covers/3f9a...c2-480w.webp``
and so on, one for each width of IMAGE_RENDITION_WIDTHS narrower than the original.
The original's name is random and never reused, so a rendition's name never shows
another picture: browsers and proxies may keep them for a year.
"""

import re
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile

from .processing import EXTENSIONS, RENDITION_FORMAT, encode

RENDITION_NAME = re.compile(r"-\d+w\.webp$")
# A rendition's name never shows another picture: browsers may keep it a year. An
# original's name is never reused either, but a day lets a deleted one fade sooner.
RENDITION_CACHE = "public, max-age=31536000, immutable"
ORIGINAL_CACHE = "public, max-age=86400"


def rendition_name(name, width):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w.{EXTENSIONS[RENDITION_FORMAT]}"))


def make_renditions(storage, name, image):
    """Store the renditions of ``image`` (the original, opened) and return their
    widths, narrowest first."""
    widths = sorted(w for w in settings.IMAGE_RENDITION_WIDTHS if w < image.width)
    for width in widths:
        target = rendition_name(name, width)
        storage.delete(target)  # a task run twice writes the same name again
        storage.save(target, ContentFile(encode(image, RENDITION_FORMAT, width)))
    return widths


def delete_image_files(storage, name):
    """Delete an original and every rendition it may have."""
    for width in settings.IMAGE_RENDITION_WIDTHS:
        storage.delete(rendition_name(name, width))
    storage.delete(name)


def is_rendition(name):
    return RENDITION_NAME.search(name) is not None


def cache_control(name):
    """The Cache-Control header a stored file is served with."""
    return RENDITION_CACHE if is_rendition(name) else ORIGINAL_CACHE
