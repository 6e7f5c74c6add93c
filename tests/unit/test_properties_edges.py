"""Property tests at the edges: GeoJSON serializer, photo sanitizer, the importer's row pipeline."""

from __future__ import annotations

import io
import math
from datetime import date, datetime
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from cameramap.api import geojson
from cameramap.domain.errors import DomainError
from cameramap.importers.columns import plan_coordinates
from cameramap.importers.items import REASONS, Accepted, FileError, ReadOptions, Rejected, Unlocated
from cameramap.importers.rows import build_item
from cameramap.importers.rules import RowMapper
from cameramap.services.submissions import photos
from cameramap.storage.models import Camera, CapabilityClaim, Operator, Provenance, Source

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARK = b"S3cr3tM4rk"  # planted in every piece of metadata, so any survivor is visible in the bytes

texts = st.none() | st.text(max_size=40)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
days = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))


@st.composite
def cameras(draw: st.DrawFn) -> Camera:
    camera = Camera(
        id=draw(st.integers(min_value=1, max_value=2**62)), lon=draw(lons), lat=draw(lats),
        surveillance_type=draw(texts), surveillance=draw(texts), surveillance_zone=draw(texts),
        camera_type=draw(texts), camera_mount=draw(texts), camera_direction=draw(texts),
        camera_angle=draw(st.none() | st.floats(0, 90)), height=draw(st.none() | st.floats(0, 500)),
        manufacturer=draw(texts), model=draw(texts), status=draw(st.sampled_from(
            ["reported", "verified", "disputed", "removed"])),
        removed_at=draw(days), first_seen=draw(days), last_verified=draw(days), notes=draw(texts),
        updated_at=datetime(2024, 5, 1, 12, 30),
    )
    if draw(st.booleans()):
        name = draw(st.text(min_size=1, max_size=30))
        camera.operator = Operator(id=draw(st.integers(1, 10**9)), name=name, kind="police")
    for capability in draw(st.lists(st.sampled_from(["night_vision", "audio", "ptz_zoom"]), max_size=3,
                                    unique=True)):
        camera.claims.append(CapabilityClaim(capability=capability, confidence="claimed",
                                             evidence_kind="sign", evidence_text=draw(texts),
                                             evidence_url=draw(texts), vendor=draw(texts)))
    if draw(st.booleans()):
        source = Source(name=draw(st.text(min_size=1, max_size=20)), kind="open_data", licence=draw(texts))
        camera.provenance.append(Provenance(source=source, source_record_id=draw(st.text(max_size=20)),
                                            missing_from_source=False, tags={}))
    return camera


@FAST
@given(cameras())
def test_camera_features_are_valid_rfc7946(camera: Camera) -> None:
    body = geojson.feature(camera)
    assert body["type"] == "Feature"
    assert isinstance(body["id"], str) and body["id"] == str(camera.id) == body["properties"]["id"]
    geometry = body["geometry"]
    assert geometry["type"] == "Point" and len(geometry["coordinates"]) == 2
    lon, lat = geometry["coordinates"]
    assert all(isinstance(v, float) and math.isfinite(v) for v in (lon, lat))
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert lon == round(lon, 7) and lat == round(lat, 7)
    assert abs(lon - camera.lon) <= 5e-8 and abs(lat - camera.lat) <= 5e-8
    operator = body["properties"]["operator"]
    assert operator is None or isinstance(operator["id"], str)
    for name in ("first_seen", "last_verified", "removed_at", "updated_at"):  # dates only, never times
        value = body["properties"][name]
        assert value is None or date.fromisoformat(value).isoformat() == value
    again = orjson.loads(geojson.dumps(body))
    assert again == body  # orjson keeps every value exactly (text, floats, nested lists)
    wrapped = orjson.loads(geojson.dumps(geojson.collection([body], 1, [])))
    assert wrapped["type"] == "FeatureCollection" and wrapped["features"] == [body]


@FAST
@given(st.text(max_size=30))
def test_bearings_never_raise(direction: str) -> None:
    for bearing in geojson.bearings(direction):
        assert 0 <= bearing["degrees"] < 360 and bearing["width"] >= 0


@st.composite
def dirty_images(draw: st.DrawFn) -> tuple[bytes, str, tuple[int, int]]:
    """An image in JPEG/PNG/WebP carrying random EXIF (with GPS), XMP, an ICC profile and comments."""
    fmt = draw(st.sampled_from(["JPEG", "PNG", "WEBP"]))
    size = (draw(st.integers(1, 48)), draw(st.integers(1, 48)))
    mode = draw(st.sampled_from(["RGB", "RGBA", "L", "P"] if fmt != "JPEG" else ["RGB", "L"]))
    colour = draw(st.integers(0, 255))
    image = Image.new(mode, size, colour if mode in ("L", "P") else (colour,) * len(mode))
    exif = Image.Exif()
    exif[0x010F] = MARK.decode() + draw(st.text(alphabet="abcxyz", max_size=8))  # Make
    exif[0x9286] = MARK.decode()  # UserComment-ish free text
    orientation = draw(st.integers(1, 8))
    exif[0x0112] = orientation
    if draw(st.booleans()):
        exif.get_ifd(0x8825).update({1: "N", 2: (60.0, 10.0, 1.5), 3: "E", 4: (24.0, 56.0, 2.0)})
    options: dict[str, Any] = {"exif": exif.tobytes()}
    if draw(st.booleans()) and mode in ("RGB", "RGBA"):
        options["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + MARK
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + MARK + b"</x:xmpmeta>"
    if fmt in ("JPEG", "WEBP"):
        options["xmp"] = xmp
    if fmt == "JPEG":
        options["comment"] = MARK
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", MARK.decode())
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        options["pnginfo"] = info
    out = io.BytesIO()
    image.save(out, fmt, **options)
    upright = size if orientation < 5 else (size[1], size[0])
    return out.getvalue(), fmt, upright


@FAST
@given(dirty_images())
def test_sanitized_photos_keep_pixels_and_lose_all_metadata(sample: tuple[bytes, str, tuple]) -> None:
    data, fmt, upright = sample
    assert MARK in data
    clean = photos.sanitize(data, max_bytes=10_000_000, max_pixels=10_000_000)
    assert MARK not in clean.data
    assert b"Exif" not in clean.data and b"xmpmeta" not in clean.data
    decoded = Image.open(io.BytesIO(clean.data))
    decoded.load()
    assert decoded.format == fmt and decoded.size == upright == (clean.width, clean.height)
    for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "Comment"):
        assert key not in decoded.info, key
    assert len(decoded.getexif()) == 0


@FAST
@given(st.binary(max_size=2000) | st.builds(lambda head, tail: head + tail,
                                             st.sampled_from([b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n",
                                                              b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"GIF89a"]),
                                             st.binary(max_size=500)))
def test_random_bytes_raise_only_the_domain_error(data: bytes) -> None:
    try:
        clean = photos.sanitize(data, max_bytes=100_000, max_pixels=1_000_000)
    except DomainError as err:
        assert err.parameter == "photo" and err.status in (400, 413, 415)
    else:  # the rare random blob that is a real image is re-encoded like any other
        assert Image.open(io.BytesIO(clean.data)).size == (clean.width, clean.height)


def test_truncated_real_image_is_refused_cleanly() -> None:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (1, 2, 3)).save(out, "PNG")
    with pytest.raises(DomainError):
        photos.sanitize(out.getvalue()[:60], max_bytes=100_000, max_pixels=1_000_000)


COLUMN_NAMES = ["lat", "lon", "latitude", "longitude", "x", "y", "location", "coordinates", "geom", "id",
                "operator", "notes", "name", "address", "type", "capabilities", "tags", "direction",
                "height", "start_date", "camera_type", "surveillance:type", "man_made", "brand", "crs"]
cell = st.one_of(
    st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["60.17", "24.94", "91", "-181", "nan", "inf", "0", "POINT (24.9 60.1)", "(60.1, 24.9)",
                     "60,17", "1e400", "[", "[{\"capability\": 1}]", "{", "{\"a\": [1]}", "[1, 2]",
                     "surveillance", "ALPR", "NE;SW", "2024-13-45", "camera"]),
)
rows = st.dictionaries(st.sampled_from(COLUMN_NAMES) | st.text(max_size=12), cell, max_size=10)


@FAST
@given(st.lists(rows, min_size=1, max_size=5), st.booleans())
@example([{"lat": "60.1", "lon": "24.9", "capabilities": "[not json"}], False)
@example([{"x": 500000, "y": 6600000}], False)
def test_any_row_becomes_a_record_or_a_documented_rejection(table: list[dict[str, Any]], swap: bool) -> None:
    columns = list(dict.fromkeys(name for row in table for name in row))
    options = ReadOptions(swap_xy=swap, dataset="property test")
    try:
        plan = plan_coordinates(columns, table, options)
    except FileError as err:  # the documented whole-file refusal (e.g. projected x/y without --crs)
        assert err.parameter == "crs"
        plan = plan_coordinates([c for c in columns if c not in ("x", "y")], table, options)
    mapper = RowMapper(columns, options)
    for number, values in enumerate(table, start=2):
        item = build_item(number, values, plan.extract(values), mapper, options)
        assert isinstance(item, Accepted | Rejected | Unlocated)
        assert item.row == number
        if isinstance(item, Rejected):
            assert item.code in REASONS and item.message
        if isinstance(item, Accepted):
            lon, lat = item.record.point.lon, item.record.point.lat
            assert -180 <= lon <= 180 and -90 <= lat <= 90 and (lon, lat) != (0.0, 0.0)
