"""Every real file in ../shared/data reads with the right count and the source's own coordinates."""

from pathlib import Path

import pytest

from cameramap.importers.items import Accepted, FileError, ReadOptions
from cameramap.importers.mapping import load_mapping
from cameramap.importers.registry import detect_format, open_file

MAPPINGS = Path(__file__).resolve().parents[3] / "data" / "mappings"


def records(path, mapping=None, **options):
    reading = open_file(path, ReadOptions(mapping=load_mapping(MAPPINGS / mapping) if mapping else None,
                                          **options))
    items = list(reading.items)
    assert all(isinstance(i, Accepted) for i in items), [i for i in items if not isinstance(i, Accepted)][:3]
    return reading.format, {i.record.source_record_id: i.record for i in items}, items


def at(record):
    return (record.point.lon, record.point.lat)


@pytest.mark.parametrize(("path", "fmt", "count", "known"), [
    ("switzerland/switzerland_surveillance_overpass.json", "overpass", 2144,
     {"node/29773946": (8.820002, 47.2284849), "node/112376207": (8.5150958, 47.3902422)}),
    ("helsinki/Helsinki.osm.pbf", "osm_pbf", 221, {"node/256257146": (24.9387946, 60.1693678)}),
    ("helsinki/helsinki_surveillance_DERIVED.osm", "osm_xml", 221,
     {"node/256257146": (24.9387946, 60.1693678), "node/311039374": (24.9530762, 60.1680023)}),
    ("chicago/Speed_Camera_Locations.csv", "csv", 160,
     {"195": (-87.7097, 41.7644), "232": (-87.7825, 41.9236)}),
    ("deflock/Delaware.json", "geojson", 98,
     {"12485420620": (-75.6839691, 39.6229226), "13152843759": (-75.6951249, 39.4457119)}),
])
def test_real_file_counts_and_coordinates(shared_data, path, fmt, count, known):
    detected, by_id, _ = records(shared_data / path)
    assert detected == fmt
    assert len(by_id) == count
    for source_id, lonlat in known.items():
        assert at(by_id[source_id]) == pytest.approx(lonlat, abs=1e-7)


def test_switzerland_tags_map_to_the_model(shared_data):
    _, by_id, _ = records(shared_data / "switzerland/switzerland_surveillance_overpass.json")
    camera = by_id["node/112376207"]
    assert (camera.surveillance_type, camera.camera_type, camera.camera_mount, camera.camera_direction,
            camera.surveillance_zone) == ("camera", "fixed", "wall", "330", "area")
    assert camera.tags["man_made"] == "surveillance"


def test_switzerland_written_out_directions_are_compass_points(shared_data):
    _, by_id, items = records(shared_data / "switzerland/switzerland_surveillance_overpass.json")
    south, north = by_id["node/4361765461"], by_id["node/4361829481"]
    assert (south.camera_direction, north.camera_direction) == ("180", "0")
    assert not [note for item in items for note in item.notes if "cannot be read" in note]


def test_deflock_nested_tags_and_multi_directions(shared_data):
    _, by_id, _ = records(shared_data / "deflock/Delaware.json")
    camera = by_id["13152843759"]
    assert camera.camera_direction == "320;190"
    first = by_id["12485420620"]
    assert (first.surveillance_type, first.manufacturer, first.operator) == \
        ("ALPR", "Flock Safety", "New Castle County PD")
    assert [c.capability for c in first.claims] == ["licence_plate_recognition"]
    assert first.tags["manufacturer:wikidata"] == "Q108485435"


def test_toronto_geojson_and_zipped_shapefile_agree(shared_data):
    fmt_json, json_ids, json_items = records(shared_data / "toronto/rlc_locations.geojson")
    fmt_zip, zip_ids, zip_items = records(shared_data / "toronto/rlc_locations.zip")
    assert (fmt_json, fmt_zip, len(json_items), len(zip_items)) == ("geojson", "shapefile", 154, 154)
    jarvis = next(i.record for i in json_items if i.values["PX"] == 12)
    assert at(jarvis) == pytest.approx((-79.37965121, 43.66883844), abs=1e-7)
    pairs = zip(sorted(map(at, json_ids.values())), sorted(map(at, zip_ids.values())), strict=True)
    assert all(a == pytest.approx(b, abs=1e-7) for a, b in pairs)


def test_cambridge_kml_with_its_mapping(shared_data):
    fmt, by_id, _ = records(shared_data / "cambridge-anpr/cameras.kml", "cambridge-anpr.toml")
    assert (fmt, len(by_id)) == ("kml", 91)
    site = by_id["1"]
    assert at(site) == pytest.approx((0.13347, 52.19477))
    assert site.surveillance_type == "ALPR"
    assert site.notes.startswith("Station Rd - site 1, 1 unit")
    assert [c.capability for c in site.claims] == ["licence_plate_recognition"]


def test_cambridge_kml_without_a_mapping_reads_anpr_from_the_document_name(shared_data):
    """The file is "cameras.kml"; only its <Document><name>ANPRs</name> says what the cameras do."""
    _, by_id, _ = records(shared_data / "cambridge-anpr/cameras.kml", dataset="cameras")
    assert len(by_id) == 91
    claims = {(c.capability, c.confidence) for r in by_id.values() for c in r.claims}
    assert claims == {("licence_plate_recognition", "likely")}
    assert all(r.surveillance_type == "ALPR" for r in by_id.values())


def test_auckland_packed_coordinates(shared_data):
    fmt, _, items = records(shared_data / "auckland/data-speed-cameras-auckland.csv")
    assert (fmt, len(items)) == ("csv", 23)
    first = items[0].record
    assert at(first) == pytest.approx((174.634322, -36.909258))
    assert str(first.first_seen) == "2015-11-01"
    _, _, mapped = records(shared_data / "auckland/data-speed-cameras-auckland.csv",
                           "auckland-speed-cameras.yaml")
    assert mapped[3].record.notes == "Old North Road, Kumeu; zone ends at -36.787316,174.576956"


def test_chicago_with_mapping_reads_bom_columns_and_dates(shared_data):
    _, by_id, _ = records(shared_data / "chicago/Speed_Camera_Locations.csv", "chicago-speed-cameras.yaml")
    camera = by_id["195"]
    assert camera.operator == "Chicago Department of Transportation"
    assert str(camera.first_seen) == "2013-09-06"
    assert camera.notes.startswith("3450 W 71st St (site CHI015")
    assert [c.capability for c in camera.claims] == ["licence_plate_recognition"]


def test_geneva_boundary_reprojects_into_geneva(shared_data):
    fmt, _, items = records(shared_data / "geneva-boundary/CantonGeneva_merged.shp")
    assert (fmt, len(items)) == ("shapefile", 1)
    point = items[0].record.point
    assert 5.956 <= point.lon <= 6.310 and 46.129 <= point.lat <= 46.365
    assert "representative point" in items[0].notes[0]


def test_geneva_boundary_reports_the_files_own_crs_and_its_polygon(shared_data):
    reading = open_file(shared_data / "geneva-boundary/CantonGeneva_merged.shp", ReadOptions())
    assert reading.warnings[0] == "1 features, CRS EPSG:2056 (CH1903+ / LV95)"
    assert reading.warnings[1].startswith("1 MultiPolygon feature(s), not points: ")


def test_detection_by_content(shared_data, tmp_path):
    renamed = tmp_path / "no_extension"
    renamed.write_bytes((shared_data / "switzerland/switzerland_surveillance_overpass.json").read_bytes())
    assert detect_format(renamed) == "overpass"
    with pytest.raises(FileError, match="unknown format"):
        open_file(renamed, ReadOptions(format="xlsx"))
