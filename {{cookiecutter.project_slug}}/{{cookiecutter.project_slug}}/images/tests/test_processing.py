"""Tests of clean_upload(): what it refuses, and what it leaves of what it accepts."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, ImageCms

from {{ cookiecutter.project_slug }}.images.processing import clean_upload

from .pictures import phone_photo, phone_photo_exif, picture_bytes, upload


def refusal(uploaded):
    with pytest.raises(ValidationError) as caught:
        clean_upload(uploaded)
    return caught.value


@pytest.mark.parametrize(
    ("format", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")]
)
def test_each_format_named_in_the_settings_is_accepted(format, extension):  # noqa: A002
    cleaned = clean_upload(upload(picture_bytes(format), name="x"))

    assert cleaned.name == f"image.{extension}"
    assert Image.open(cleaned).format == format


def test_the_format_is_read_from_the_content_not_the_name_or_type():
    # A PNG sent as a JPEG is kept as the PNG it is.
    cleaned = clean_upload(upload(picture_bytes("PNG"), name="a.jpg"))

    assert Image.open(cleaned).format == "PNG"


def test_an_image_in_a_format_not_listed_is_refused():
    error = refusal(upload(picture_bytes("GIF"), name="cat.jpg"))

    assert error.code == "wrong_format"
    assert "GIF" in str(error.messages)


def test_a_file_that_claims_to_be_an_image_is_refused():
    error = refusal(upload(b"<script>alert(1)</script>", name="cat.jpg"))

    assert error.code == "not_an_image"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.IMAGE_MAX_BYTES = 1000
    data = picture_bytes("PNG", size=(200, 200), compress_level=0)
    assert len(data) > 1000

    error = refusal(upload(data))

    assert error.code == "too_large"
    assert "1000" in error.messages[0] or "1,000" in error.messages[0]


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(settings):
    # 4,000 x 4,000 pixels of one colour compress to a few kilobytes: a small bomb.
    settings.IMAGE_MAX_PIXELS = 10_000_000
    data = picture_bytes("PNG", size=(4000, 4000))
    assert len(data) < 200_000

    error = refusal(upload(data, name="bomb.png"))

    assert error.code == "too_many_pixels"
    assert "4000 by 4000" in error.messages[0]


def test_a_bomb_past_pillows_own_limit_is_refused_too(settings, monkeypatch):
    # Pillow refuses to open an image of more than twice MAX_IMAGE_PIXELS at all.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    error = refusal(upload(picture_bytes("PNG", size=(100, 100)), name="bomb.png"))

    assert error.code == "too_many_pixels"


def test_a_truncated_image_is_refused():
    data = picture_bytes("JPEG", size=(400, 300))

    error = refusal(upload(data[: len(data) // 2]))

    assert error.code == "damaged"


def test_a_file_cut_within_its_header_is_refused_as_damaged():
    error = refusal(upload(picture_bytes("JPEG")[:40]))

    assert error.code == "damaged"


def test_the_colour_profile_is_kept():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = picture_bytes("PNG", icc_profile=profile)

    cleaned = Image.open(clean_upload(upload(data, name="a.png")))

    assert cleaned.info["icc_profile"] == profile


def test_a_phone_photo_is_turned_upright_and_loses_its_metadata():
    # Orientation 6: the camera was turned; the 60 x 40 picture shows 40 x 60.
    cleaned = Image.open(clean_upload(phone_photo(size=(60, 40))))

    assert cleaned.size == (40, 60)
    exif = cleaned.getexif()
    assert ExifTags.Base.Orientation not in exif
    assert ExifTags.Base.Make not in exif
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    # Turned a quarter clockwise: the left half (red) is now the top.
    top = cleaned.getpixel((20, 5))
    bottom = cleaned.getpixel((20, 55))
    assert top[0] > 200 > top[2]
    assert bottom[2] > 200 > bottom[0]


def test_no_trace_of_the_position_is_left_in_the_bytes():
    source = picture_bytes(exif=phone_photo_exif())
    assert b"PhoneCo" in source

    cleaned = clean_upload(upload(source)).read()

    assert b"PhoneCo" not in cleaned
    assert b"Exif" not in cleaned
    assert Image.open(BytesIO(cleaned)).getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
