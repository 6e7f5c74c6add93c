"""Exports: every format readable, source and licence per record, formula-safe CSV, GeoJSON round trip."""

import csv

import pyogrio
import pytest
from sqlalchemy import delete, select

from cameramap.domain.geo import BBox
from cameramap.domain.records import CameraRecord, SourceSpec
from cameramap.importers.items import ReadOptions
from cameramap.importers.registry import open_file
from cameramap.services.exports.formats import FLAT_COLUMNS, _flat, escape_cell, export_cameras, properties
from cameramap.services.exports.rows import export_rows
from cameramap.services.imports.store import ImportOptions, import_items
from cameramap.storage.models import Camera, CapabilityClaim, Provenance, Revision

from .helpers import run


def snapshot(session):
    """Every camera as comparable values: position, model fields, operator, claims."""
    rows = []
    for camera in session.scalars(select(Camera)):
        fields = tuple(getattr(camera, f) for f in CameraRecord.CAMERA_FIELDS)
        claims = tuple(sorted((c.capability, c.confidence, c.evidence_kind or "", c.evidence_text or "")
                              for c in camera.claims))
        operator = camera.operator.name if camera.operator else None
        rows.append(((camera.lon, camera.lat), fields, operator, claims))
    return sorted(rows, key=repr)


def empty_registry(session):
    for model in (CapabilityClaim, Revision, Provenance, Camera):
        session.execute(delete(model))
    session.flush()


@pytest.mark.parametrize("path", ["switzerland/switzerland_surveillance_overpass.json",
                                  "deflock/Delaware.json", "chicago/Speed_Camera_Locations.csv"])
def test_geojson_export_reimports_to_identical_cameras(session, shared_data, tmp_path, path):
    run(session, shared_data / path, source="original")
    original = snapshot(session)
    out = tmp_path / "export.geojson"
    assert export_cameras(session, "geojson", out) == len(original)
    empty_registry(session)
    report = run(session, out, source="re-import")
    assert report.summary.rejected == {} and report.summary.created == len(original)
    assert snapshot(session) == original


def test_every_format_carries_source_and_licence(session, shared_data, tmp_path):
    reading = open_file(shared_data / "deflock/Delaware.json")
    import_items(session, SourceSpec("DeFlock Delaware", "osm", licence="ODbL-1.0"), reading.items,
                 ImportOptions())
    assert all(tuple(_flat(camera)) == FLAT_COLUMNS for camera in session.scalars(select(Camera)))
    for fmt in ("geojson", "csv", "gpkg", "kml"):
        out = tmp_path / f"cams.{fmt}"
        assert export_cameras(session, fmt, out) == 98
        frame = pyogrio.read_dataframe(out)
        assert len(frame) == 98, fmt
        assert set(frame["licence"]) == {"ODbL-1.0"}, fmt
        assert set(frame["source"]) == {"DeFlock Delaware"}, fmt


def test_filters_by_bbox_and_source(session, shared_data, tmp_path):
    run(session, shared_data / "deflock/Delaware.json", source="DeFlock")
    run(session, shared_data / "chicago/Speed_Camera_Locations.csv", source="Chicago")
    out = tmp_path / "x.geojson"
    assert export_cameras(session, "geojson", out, source="Chicago") == 160
    assert export_cameras(session, "geojson", out, bbox=BBox(-76, 38, -75, 40)) == 98
    with pytest.raises(Exception, match="no source"):
        export_cameras(session, "geojson", out, source="nobody")


def test_csv_cells_cannot_become_formulas(session, tmp_path):
    path = tmp_path / "evil.csv"
    path.write_text('id,lat,lon,notes,operator\n1,60.17,24.94,"=HYPERLINK(""http://x"")",@evil\n'
                    "2,-36.8,174.7,-2+3,+ops\n")
    run(session, path, read=ReadOptions())
    out = tmp_path / "out.csv"
    export_cameras(session, "csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["notes"] for r in rows} == {"'=HYPERLINK(\"http://x\")", "'-2+3"}
    assert {r["operator"] for r in rows} == {"'@evil", "'+ops"}
    assert {r["lat"] for r in rows} == {"60.17", "-36.8"}  # numbers stay numbers
    assert escape_cell(-5.0) == -5.0


def test_export_rows_show_what_the_orm_shows(session, shared_data):
    run(session, shared_data / "deflock/Delaware.json", source="DeFlock")
    twice = run(session, shared_data / "deflock/Delaware.json", source="DeFlock again")
    run(session, shared_data / "chicago/Speed_Camera_Locations.csv", source="Chicago")
    assert twice.summary.conflated == 98  # every camera has two links and two sets of claims
    cameras = session.scalars(select(Camera).order_by(Camera.id)).all()
    rows = list(export_rows(session))
    assert [properties(r) for r in rows] == [properties(c) for c in cameras]
    assert [(r.lon, r.lat) for r in rows] == [(c.lon, c.lat) for c in cameras]
    west = list(export_rows(session, BBox(-76, 38, -75, 40), source="DeFlock again"))
    assert [properties(r) for r in west] == [properties(c) for c in cameras if len(c.provenance) == 2]
