"""GeoPackage and KML export files: streamed chunk by chunk, every field and odd text kept."""

from __future__ import annotations

import math
import os
from xml.etree import ElementTree

import pyogrio
import pytest

from cameramap.services.exports import files
from cameramap.services.exports.formats import FLAT_COLUMNS

COLUMNS = list(FLAT_COLUMNS)


def row(number: int, **values) -> dict:
    base = dict.fromkeys(COLUMNS)
    base.update(id=str(number), status="reported", lon=24.9 + number / 1000, lat=60.1 + number / 1000,
                source="Helsinki open data", licence="CC-BY-4.0", source_ids=f"h-{number}")
    base.update(values)
    return base


ODD = 'a <b> & "c" \x0b\x00 ünïcödé ✓ ]]> \ud800'


@pytest.mark.parametrize("fmt", ["gpkg", "kml"])
def test_every_row_and_field_survives_a_round_trip(tmp_path, monkeypatch, fmt):
    monkeypatch.setattr(files, "CHUNK", 3)
    rows = [row(i, height=None if i % 2 else 4.5, notes=ODD if i == 5 else None, camera_direction="350;10")
            for i in range(1, 9)]
    path = tmp_path / f"cameras.{fmt}"
    writer = files.write_gpkg if fmt == "gpkg" else files.write_kml
    assert writer(iter(rows), COLUMNS, path) == 8
    if fmt == "kml":
        ElementTree.parse(path)  # well-formed XML, whatever the text held
    frame = pyogrio.read_dataframe(path).set_index("source_ids")
    assert list(frame.index) == [f"h-{i}" for i in range(1, 9)]
    if fmt == "kml":
        assert list(frame["Name"]) == [f"camera {i}" for i in range(1, 9)]
    assert set(frame["licence"]) == {"CC-BY-4.0"}
    assert list(frame["camera_direction"]) == ["350;10"] * 8
    kept = ODD.replace("\x0b", "\ufffd") if fmt == "kml" else ODD  # XML 1.0 has no \x0b
    assert frame["notes"]["h-5"] == kept.replace("\x00", "\ufffd").replace("\ud800", "\ufffd")
    heights = frame["height"].astype(float)
    assert heights["h-2"] == 4.5 and math.isnan(heights["h-1"])
    first = frame.geometry.iloc[0]
    assert (first.x, first.y) == pytest.approx((24.901, 60.101))


def test_a_kml_export_is_written_while_rows_still_arrive(tmp_path):
    path = tmp_path / "cameras.kml"
    seen_on_disk: list[int] = []

    def rows():
        # enough placemarks to fill the file's write buffer (one file-system block) three times
        for i in range(1, 3 * os.stat(tmp_path).st_blksize // 500 + 2):
            seen_on_disk.append(path.read_bytes().count(b"<Placemark ") if path.exists() else 0)
            yield row(i, notes="x" * 500)

    files.write_kml(rows(), COLUMNS, path)
    assert seen_on_disk[0] == 0 and seen_on_disk[-1] >= 1, "placemarks were held back until the end"


def test_a_gpkg_export_is_appended_chunk_by_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "CHUNK", 2)
    path = tmp_path / "cameras.gpkg"
    on_disk: list[int] = []

    def rows():
        for i in range(1, 7):
            on_disk.append(len(pyogrio.read_dataframe(path)) if path.exists() else 0)
            yield row(i)

    assert files.write_gpkg(rows(), COLUMNS, path) == 6
    assert on_disk == [0, 0, 2, 2, 4, 4]


@pytest.mark.parametrize("fmt", ["gpkg", "kml"])
def test_an_empty_export_is_a_readable_file_with_no_cameras(tmp_path, fmt):
    path = tmp_path / f"cameras.{fmt}"
    writer = files.write_gpkg if fmt == "gpkg" else files.write_kml
    assert writer(iter([]), COLUMNS, path) == 0
    assert len(pyogrio.read_dataframe(path)) == 0
    if fmt == "gpkg":
        assert pyogrio.read_info(path)["geometry_type"] == "Point"
