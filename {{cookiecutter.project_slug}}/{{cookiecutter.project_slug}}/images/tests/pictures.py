"""Test pictures, made with Pillow: a phone photo with its metadata, other formats,
broken files."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

# Where the phone was: a GPS position no published copy may keep.
LATITUDE = (38.0, 43.0, 10.0)


def picture_bytes(format="JPEG", size=(60, 40), exif=None, **options):  # noqa: A002
    """An image of ``size`` in ``format``: left half red, right half blue, so that
    a turned copy can be told from the original."""
    image = Image.new("RGB", size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    buffer = BytesIO()
    if exif is not None:
        options["exif"] = exif
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def phone_photo_exif(orientation=6):
    """EXIF as a phone writes it: how to turn the picture, the camera, the place."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    return exif


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    """A file as a browser sends it: a name and a type the visitor chose."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def phone_photo(size=(60, 40)):
    return upload(picture_bytes(size=size, exif=phone_photo_exif()))
