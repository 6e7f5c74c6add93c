"""Full dumps at /api/v1/exports: every format, ETag and 304, rebuilt after changes, licences, OSM XML,
and a GeoJSON dump re-imported into an empty database giving the same cameras."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import defusedxml.ElementTree as SafeET
import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cameramap.domain.records import SourceSpec
from cameramap.importers.items import ReadOptions
from cameramap.importers.registry import open_file
from cameramap.services.exports.dumps import DUMPS
from cameramap.services.exports.formats import export_cameras
from cameramap.services.imports.store import ImportOptions, import_items
from cameramap.storage.models import Camera
from tests.databases import migrated_engine
from tests.factories import make_camera

CC0 = SourceSpec(name="Open registry", kind="official_registry", licence="CC0-1.0", attribution="City")
CC_BY = SourceSpec(name="Attribution data", kind="open_data", licence="CC-BY-4.0", attribution="Agency X")
OSM = SourceSpec(name="OSM extract", kind="osm", licence="ODbL-1.0",
                 attribution="© OpenStreetMap contributors")


@pytest.fixture(autouse=True)
def rebuilt_at_once(app, configure, tmp_path):
    """Every change is followed by a build (the rate limit of builds is tested in test_export_builds)."""
    configure(app, export_rebuild_seconds=0, export_dir=str(tmp_path / "exports"))


def download(client, filename, status=200, **headers):
    response = client.get(f"/api/v1/exports/{filename}", headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response


def test_index_lists_every_dump_and_the_licence(client):
    body = orjson.loads(client.get("/api/v1/exports").data)
    assert {f["format"] for f in body["formats"]} == set(DUMPS)
    assert body["licence"] == "http://localhost/api/v1/exports/LICENCE.txt" and body["version"]
    assert body["links"][0]["href"] == "http://localhost/api/v1/exports"  # absolute, like every href here
    for item in body["formats"]:
        assert item["href"].startswith("http://localhost/api/v1/exports/")
        assert client.head(item["href"]).status_code == 200


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_each_dump_has_an_etag_and_answers_304(client, session, name):
    make_camera(session, source=CC0)
    dump = DUMPS[name]
    first = download(client, dump.filename)
    assert first.mimetype == dump.media_type and first.headers["ETag"]
    again = download(client, dump.filename, status=304, **{"If-None-Match": first.headers["ETag"]})
    assert again.data == b""


def test_dumps_are_rebuilt_after_a_change(client, session):
    make_camera(session, source=CC0)
    before = download(client, "cameras.geojson")
    added = make_camera(session, source=CC0, lon=25.5, notes="brand new")
    after = download(client, "cameras.geojson", **{"If-None-Match": before.headers["ETag"]})
    assert after.headers["ETag"] != before.headers["ETag"]
    ids = {f["properties"]["id"] for f in orjson.loads(after.data)["features"]}
    assert str(added.id) in ids


def test_every_record_carries_its_sources_and_licences(client, session):
    camera = make_camera(session, source=CC_BY)
    features = orjson.loads(download(client, "cameras.geojson").data)["features"]
    (ours,) = [f for f in features if f["properties"]["id"] == str(camera.id)]
    assert ours["properties"]["licence"] == "CC-BY-4.0"
    assert ours["properties"]["sources"][0]["name"] == "Attribution data"
    rows = list(csv.DictReader(io.StringIO(download(client, "cameras.csv").get_data(as_text=True))))
    (row,) = [r for r in rows if r["id"] == str(camera.id)]
    assert row["licence"] == "CC-BY-4.0" and row["source"] == "Attribution data"
    kml = download(client, "cameras.kml").get_data(as_text=True)
    assert "CC-BY-4.0" in kml and "Attribution data" in kml


def test_licence_file_names_every_source(client, session):
    for spec in (CC0, CC_BY, OSM):
        make_camera(session, source=spec)
    text = download(client, "LICENCE.txt").get_data(as_text=True)
    for spec in (CC0, CC_BY, OSM):
        assert f"* {spec.name}" in text and spec.licence in text and spec.attribution in text


def test_osm_xml_offers_only_what_may_go_to_openstreetmap(client, session):
    open_data = make_camera(session, source=CC0, camera_type="dome", operator="City & Co <x>")
    attribution_only = make_camera(session, source=CC_BY)
    already_there = make_camera(session, source=OSM)
    root = SafeET.fromstring(download(client, "cameras.osm").data)
    assert root.tag == "osm" and root.get("version") == "0.6"
    nodes = {node.get("id"): node for node in root.findall("node")}
    assert str(-open_data.id) in nodes
    assert str(-attribution_only.id) not in nodes and str(-already_there.id) not in nodes
    assert all(int(ident) < 0 for ident in nodes)
    tags = {tag.get("k"): tag.get("v") for tag in nodes[str(-open_data.id)].findall("tag")}
    assert tags["man_made"] == "surveillance" and tags["camera:type"] == "dome"
    assert tags["operator"] == "City & Co <x>" and tags["source"] == "Open registry"
    assert float(nodes[str(-open_data.id)].get("lat")) == pytest.approx(open_data.lat)


def test_unknown_export_and_parameters_are_json_errors(client):
    assert download(client, "cameras.shp", status=404).json["error"] == "not_found"
    assert client.get("/api/v1/exports/cameras.csv?x=1").json["parameter"] == "x"


COMPARED = ("lon", "lat", "surveillance_type", "surveillance", "surveillance_zone", "camera_type",
            "camera_mount", "camera_direction", "camera_angle", "height", "manufacturer", "model",
            "first_seen", "last_verified", "notes")


def _cameras(session: Session) -> list[tuple]:
    found = session.scalars(select(Camera).order_by(Camera.id).options(selectinload(Camera.operator),
                                                                        selectinload(Camera.claims)))
    return sorted((tuple(getattr(c, name) for name in COMPARED), c.operator.name if c.operator else None,
                   sorted((k.capability, k.confidence) for k in c.claims)) for c in found)


def test_geojson_dump_reimported_into_an_empty_database_gives_the_same_cameras(
        session, demo, tmp_path: Path, tmp_path_factory):
    dump = tmp_path / "cameras.geojson"
    assert export_cameras(session, "geojson", dump) == 221
    original = _cameras(session)
    with migrated_engine(tmp_path_factory.mktemp("reimport"), "reimport") as engine, \
            Session(engine) as fresh:
        reading = open_file(dump, ReadOptions())
        report = import_items(fresh, SourceSpec(name="cameramap dump", kind="open_data"), reading.items,
                              ImportOptions())
        assert report.summary.created == 221, report.to_dict()
        assert _cameras(fresh) == original


def test_filtered_download_holds_what_the_api_shows(client, demo):
    cql = "capability = 'ptz_zoom' AND S_INTERSECTS(geometry, BBOX(24.935, 60.16, 24.945, 60.17))"
    shown = orjson.loads(client.get("/api/v1/cameras", query_string={"filter": cql, "limit": 1000}).data)
    download = client.get("/api/v1/exports/cameras.geojson", query_string={"filter": cql})
    assert download.status_code == 200
    written = orjson.loads(download.data)["features"]
    assert sorted(f["properties"]["id"] for f in written) == sorted(f["id"] for f in shown["features"])
    assert 0 < len(written) < 221
    everything = orjson.loads(client.get("/api/v1/exports/cameras.geojson").data)["features"]
    assert len(everything) == 221
    refused = client.get("/api/v1/exports/LICENCE.txt", query_string={"filter": cql})
    assert refused.status_code == 400 and refused.get_json()["parameter"] == "filter"
    broken = client.get("/api/v1/exports/cameras.csv", query_string={"filter": "capability ="})
    assert broken.status_code == 400 and "line 1, column 12" in broken.get_json()["message"]
