"""Checking an uploaded image and making it safe to publish, with Pillow.

Nothing the visitor sent is stored as it came: the file is decoded (so its content,
not its name or the browser's claim, says what it is), turned upright by its EXIF
orientation and encoded again, which leaves its metadata behind (a phone photo's
GPS position, the camera's serial number). Only the colour profile is kept.
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# The formats a site accepts (IMAGE_FORMATS) and how each is written back.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85, "method": 4},
}
# Renditions are WebP: about a third smaller than JPEG at the same quality, and
# every browser the site supports reads it.
RENDITION_FORMAT = "WEBP"


def format_names():
    return ", ".join(settings.IMAGE_FORMATS)


def clean_upload(uploaded):
    """Return ``uploaded`` as a new, clean image file, or raise ValidationError.

    The checks run cheapest first, and the pixels are only decoded once the header
    has said how many there are (a small file can hold a huge image: a bomb).
    """
    if uploaded.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; an image may be up to %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(settings.IMAGE_MAX_BYTES),
            },
        )
    uploaded.seek(0)
    try:
        # Reads the header only. Pillow refuses twice its own pixel limit here.
        image = Image.open(uploaded)
    except Image.DecompressionBombError:
        raise too_many_pixels(None) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image. Upload a %(formats)s image."),
            code="not_an_image",
            params={"formats": format_names()},
        ) from None
    except (OSError, SyntaxError, ValueError):  # a header cut short
        raise damaged() from None
    with image:
        if image.format not in settings.IMAGE_FORMATS:
            raise ValidationError(
                _("%(format)s images are not accepted. Upload a %(formats)s image."),
                code="wrong_format",
                params={"format": image.format, "formats": format_names()},
            )
        if image.width * image.height > settings.IMAGE_MAX_PIXELS:
            raise too_many_pixels(image)
        try:
            image.load()  # decodes every pixel: a truncated file fails here
        except (OSError, SyntaxError, ValueError):
            raise damaged() from None
        return ContentFile(encode(image), name=f"image.{EXTENSIONS[image.format]}")


def damaged():
    return ValidationError(
        _("The image is damaged or incomplete. Save it again and upload the copy."),
        code="damaged",
    )


def too_many_pixels(image):
    limit = settings.IMAGE_MAX_PIXELS / 1_000_000
    if image is None:
        return ValidationError(
            _("The image has more than %(limit)g million pixels, the most allowed."),
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _(
            "The image is %(width)d by %(height)d pixels; an image may have up to "
            "%(limit)g million."
        ),
        code="too_many_pixels",
        params={"width": image.width, "height": image.height, "limit": limit},
    )


def encode(image, format=None, width=None):  # noqa: A002 (Pillow's own word)
    """The image upright, optionally narrowed to ``width``, encoded without metadata."""
    format = format or image.format  # noqa: A001
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    if width is not None and width < upright.width:
        height = round(upright.height * width / upright.width)
        upright = upright.resize((width, height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    # Pillow writes EXIF and XMP only when asked to (exif=, xmp=): none is passed.
    options = dict(SAVE_OPTIONS[format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    upright.save(buffer, format=format, **options)
    return buffer.getvalue()
