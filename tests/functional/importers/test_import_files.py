"""Real files through the import service: counts, idempotence, conflation across sources."""

import pytest
from sqlalchemy import select

from cameramap.importers.items import ReadOptions
from cameramap.importers.mapping import load_mapping
from cameramap.storage.models import Camera, CapabilityClaim, Provenance

from .helpers import counts, run

REAL = [
    ("switzerland/switzerland_surveillance_overpass.json", 2144),
    ("helsinki/Helsinki.osm.pbf", 221),
    ("helsinki/helsinki_surveillance_DERIVED.osm", 221),
    ("chicago/Speed_Camera_Locations.csv", 160),
    ("toronto/rlc_locations.geojson", 154),
    ("toronto/rlc_locations.zip", 154),
    ("cambridge-anpr/cameras.kml", 91),
    ("deflock/Delaware.json", 98),
    ("auckland/data-speed-cameras-auckland.csv", 23),
]


@pytest.mark.parametrize(("path", "count"), REAL)
def test_real_file_imports_then_reimports_unchanged(session, shared_data, path, count):
    first = run(session, shared_data / path)
    assert (first.summary.created, first.summary.rejected, first.summary.read) == (count, {}, count)
    before = counts(session)
    second = run(session, shared_data / path)
    assert (second.summary.unchanged, second.summary.created, second.summary.updated) == (count, 0, 0)
    assert counts(session) == before


def test_same_cameras_from_a_second_source_are_conflated(session, shared_data):
    run(session, shared_data / "toronto/rlc_locations.geojson", source="Toronto GeoJSON")
    report = run(session, shared_data / "toronto/rlc_locations.zip", source="Toronto Shapefile")
    assert (report.summary.conflated, report.summary.created) == (154, 0)
    assert all(link["distance_m"] < 1 for link in report.conflated)
    assert {"row", "source_id", "camera_id", "distance_m", "values"} <= set(report.conflated[0])
    camera = session.get(Camera, report.conflated[0]["camera_id"])
    assert sorted(link.source.name for link in camera.provenance) == ["Toronto GeoJSON", "Toronto Shapefile"]


def test_conflation_respects_distance_and_type(session, shared_data, tmp_path):
    run(session, shared_data / "deflock/Delaware.json", source="DeFlock")
    apart = run(session, shared_data / "deflock/Delaware.json", source="DeFlock again", conflate_m=0)
    assert (apart.summary.created, apart.summary.conflated) == (98, 0)
    # a guard is not an ALPR camera, however close
    profile = tmp_path / "guards.yaml"
    profile.write_text("set:\n  surveillance_type: guard\n")
    guards = run(session, shared_data / "deflock/Delaware.json", source="guards",
                 read=ReadOptions(mapping=load_mapping(profile)))
    assert (guards.summary.created, guards.summary.conflated) == (98, 0)


def test_osm_pbf_and_xml_are_one_source(session, shared_data):
    run(session, shared_data / "helsinki/Helsinki.osm.pbf", source="OSM Helsinki", kind="osm")
    report = run(session, shared_data / "helsinki/helsinki_surveillance_DERIVED.osm", source="OSM Helsinki",
                 kind="osm")
    assert report.summary.unchanged == 221
    link = session.scalars(select(Provenance).where(Provenance.source_record_id == "node/256257146")).one()
    assert (link.camera.lon, link.camera.lat, link.camera.camera_type) == (24.9387946, 60.1693678, "panning")


def test_a_claim_without_confidence_takes_the_default(session, tmp_path):
    # A hand-edited export: the claim object names only its capability (and a number as vendor).
    path = tmp_path / "claims.csv"
    path.write_text('lon,lat,capabilities\n24.94,60.17,"[{""capability"": ""face_recognition"", '
                    '""vendor"": 7}]"\n', encoding="utf-8")
    report = run(session, path)
    assert (report.summary.created, report.summary.rejected) == (1, {})
    claim = session.scalars(select(CapabilityClaim)).one()
    assert (claim.capability, claim.confidence, claim.vendor) == ("face_recognition", "likely", "7")
