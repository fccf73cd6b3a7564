"""Serving uploaded files from Django, where no proxy serves them (SERVE_MEDIA).

Under `make run` and `make prod-local`; in production nginx serves MEDIA_ROOT itself
(deploy/nginx.conf) with the same headers, and gunicorn never sees these requests.
The file is read through the default storage, so this works with object storage too.
"""

import mimetypes
import re

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from .renditions import cache_control

# Names this site stores: folders and random names of letters, digits, - and _.
STORED_NAME = re.compile(r"(?:[\w-]+/)*[\w-]+\.\w+")

# A stored file is never run or rendered as a page: no script, no form, no plugin,
# even if a browser were to read an SVG or HTML into it.
MEDIA_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def serve_media(request, name):
    if not STORED_NAME.fullmatch(name):
        raise Http404
    try:
        file = default_storage.open(name)
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404 from None
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse(
        file, content_type=content_type or "application/octet-stream"
    )
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    response["Cache-Control"] = cache_control(name)
    return response
