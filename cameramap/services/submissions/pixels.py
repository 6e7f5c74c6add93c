"""Pillow's part of the photo sanitizer: decode within limits, read the GPS position, re-encode pixels.

Imported by photos.sanitize on the first photo, so serving processes that never see one skip Pillow.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ...domain.errors import DomainError
from ...domain.geo import Point
from .photo_types import CleanPhoto, PhotoTooLarge, UnsupportedPhoto

FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
# Pillow's save options per format for the re-encoded photo.
SAVE_OPTIONS: dict[str, dict[str, int | bool]] = {
    "JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 85}}
GPS_IFD = 0x8825


def _rational(value: object) -> float:
    return float(value)  # type: ignore[arg-type]


def gps_position(image: Image.Image) -> Point | None:
    """The EXIF GPS position of an image, or None when absent or unreadable."""
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
        lat = sum(_rational(v) / 60**i for i, v in enumerate(gps[2]))
        lon = sum(_rational(v) / 60**i for i, v in enumerate(gps[4]))
        if str(gps.get(1, "N")).upper().startswith("S"):
            lat = -lat
        if str(gps.get(3, "E")).upper().startswith("W"):
            lon = -lon
        return Point.checked(round(lon, 7), round(lat, 7))
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError, OSError, SyntaxError,
            DomainError):
        return None


def _open(data: bytes, max_pixels: int) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
                OSError, ValueError) as err:
            if isinstance(err, Image.DecompressionBombError | Image.DecompressionBombWarning):
                raise PhotoTooLarge("the photo has too many pixels (a decompression bomb?)",
                                    parameter="photo") from None
            raise UnsupportedPhoto("the photo must be a JPEG, PNG or WebP image",
                                   parameter="photo") from None
    width, height = image.size
    if width * height > max_pixels:
        raise PhotoTooLarge(f"the photo has {width}x{height} pixels; at most {max_pixels:,} are accepted "
                            "(a decompression bomb is rejected)", parameter="photo")
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                         outputMode=image.mode) or image
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _fresh_pixels(image: Image.Image, format_name: str) -> Image.Image:
    """Decode, upright by EXIF orientation, convert to sRGB, and copy the pixels into a new image."""
    image = ImageOps.exif_transpose(image)
    wanted = "RGB" if format_name == "JPEG" else ("RGBA" if "A" in image.getbands() or
                                                 image.mode == "P" else "RGB")
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert(wanted)
    if format_name == "JPEG" and image.mode == "RGBA":
        image = image.convert("RGB")
    image = _to_srgb(image)
    return Image.frombytes(image.mode, image.size, image.tobytes())


def reencode(data: bytes, max_pixels: int) -> CleanPhoto:
    """A fresh image from the decoded pixels of `data` (JPEG, PNG or WebP); 413/415 errors otherwise."""
    image = _open(data, max_pixels)
    format_name = str(image.format)
    gps = gps_position(image)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            clean = _fresh_pixels(image, format_name)
    except (OSError, ValueError, Image.DecompressionBombWarning, SyntaxError):
        raise UnsupportedPhoto("the photo could not be decoded", parameter="photo") from None
    out = io.BytesIO()
    clean.save(out, format=format_name, **SAVE_OPTIONS[format_name])
    content_type, extension = FORMATS[format_name]
    return CleanPhoto(out.getvalue(), content_type, extension, clean.width, clean.height, gps)
