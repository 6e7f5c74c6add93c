"""The photo sanitizer: formats, limits, decompression bombs, GPS read once, metadata stripped."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from cameramap.domain.errors import UsageError
from cameramap.services.submissions import photos
from tests.functional.submissions.helpers import jpeg_with_metadata

SECRETS = [
    b"SecretCam",
    b"SecretSoftware",
    b"SecretComment",
    b"SecretXMP",
    b"Exif\x00\x00",
    b"ICC_PROFILE",
    b"http://ns.adobe.com/xap",
    b"xmpmeta",
    b"acsp",
]


def clean(data: bytes, **limits) -> photos.CleanPhoto:
    return photos.sanitize(data, limits.get("max_bytes", 5_000_000), limits.get("max_pixels", 10_000_000))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_metadata_does_not_survive(fmt):
    original = jpeg_with_metadata(fmt=fmt)
    assert b"SecretCam" in original  # the upload really carries metadata
    result = clean(original)
    for secret in SECRETS:
        assert secret not in result.data, secret
    reopened = Image.open(io.BytesIO(result.data))
    assert reopened.format == fmt
    assert not reopened.getexif()
    assert "icc_profile" not in reopened.info and "xmp" not in reopened.info
    assert reopened.size == (64, 48)


def test_gps_position_is_read_for_the_suggestion():
    result = clean(jpeg_with_metadata(gps=(60.1699, 24.9384)))
    assert result.gps is not None
    assert result.gps.lat == pytest.approx(60.1699, abs=1e-5)
    assert result.gps.lon == pytest.approx(24.9384, abs=1e-5)


def test_southern_western_gps():
    result = clean(jpeg_with_metadata(gps=(-33.8568, -70.6483)))
    assert (round(result.gps.lat, 4), round(result.gps.lon, 4)) == (-33.8568, -70.6483)


def test_no_gps_gives_no_suggestion():
    assert clean(jpeg_with_metadata(gps=None)).gps is None


def test_orientation_is_applied_to_the_pixels():
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(clean(out.getvalue()).data)).size == (20, 40)


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_formats_are_refused(fmt):
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, fmt)
    with pytest.raises(photos.UnsupportedPhoto) as err:
        clean(out.getvalue())
    assert err.value.status == 415 and "JPEG, PNG or WebP" in err.value.message


def test_not_an_image():
    with pytest.raises(photos.UnsupportedPhoto):
        clean(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")


def test_empty_upload():
    with pytest.raises(UsageError):
        clean(b"")


def test_byte_limit():
    data = jpeg_with_metadata(size=(300, 300))
    with pytest.raises(photos.PhotoTooLarge) as err:
        clean(data, max_bytes=len(data) - 1)
    assert err.value.status == 413 and "bytes" in err.value.message


def test_pixel_limit():
    with pytest.raises(photos.PhotoTooLarge) as err:
        clean(jpeg_with_metadata(size=(200, 100)), max_pixels=19_999)
    assert "pixels" in err.value.message


def _png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image (compressed zeros): a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 64, 9)  # only part of the data: never decoded
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_decompression_bomb_is_rejected_with_a_clear_message():
    bomb = _png_bomb(30_000, 30_000)  # 900 megapixels in a few hundred bytes
    assert len(bomb) < 2_000
    with pytest.raises(photos.PhotoTooLarge) as err:
        clean(bomb)
    assert "decompression bomb" in err.value.message


def test_store_uses_random_names(tmp_path):
    result = clean(jpeg_with_metadata())
    names = {photos.store(result, tmp_path) for _ in range(3)}
    assert len(names) == 3
    for name in names:
        assert name.endswith(".jpg") and len(name) == 36
        assert (tmp_path / name).read_bytes() == result.data
    photos.delete_file(tmp_path, names.pop())
    assert len(list(tmp_path.iterdir())) == 2
