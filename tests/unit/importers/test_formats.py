"""Formats beyond the shared real files: GeoPackage in a projected CRS, wrapped Overpass JSON, KML bounds."""

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point as ShapelyPoint

from cameramap.importers.items import Accepted, ReadOptions, Rejected
from cameramap.importers.mapping import parse_mapping
from cameramap.importers.registry import open_file


def test_geopackage_in_web_mercator_is_reprojected(tmp_path):
    frame = gpd.GeoDataFrame({"id": ["a"], "camera_type": ["dome"], "operator": ["HSL"]},
                             geometry=[ShapelyPoint(24.9402, 60.1713)], crs="EPSG:4326").to_crs(3857)
    path = tmp_path / "cams.gpkg"
    frame.to_file(path, driver="GPKG", engine="pyogrio")
    reading = open_file(path)
    [item] = list(reading.items)
    assert reading.format == "gpkg"
    assert (item.record.point.lon, item.record.point.lat) == pytest.approx((24.9402, 60.1713), abs=1e-7)
    record = item.record
    assert (record.source_record_id, record.camera_type, record.operator) == ("a", "dome", "HSL")


def test_overpass_wrapped_elements_and_way_centers(tmp_path):
    path = tmp_path / "overpass.json"
    path.write_text(json.dumps({"version": 0.6, "elements": [
        {"type": "node", "id": 1, "lat": 47.37, "lon": 8.54,
         "tags": {"man_made": "surveillance", "surveillance:type": "ALPR", "camera:direction": "350;10"}},
        {"type": "way", "id": 2, "center": {"lat": 47.38, "lon": 8.55}, "tags": {"man_made": "surveillance"}},
        {"type": "node", "id": 3, "lat": 47.39, "lon": 8.56, "tags": {"amenity": "bench"}},
    ]}))
    items = list(open_file(path).items)
    node, way = items[0].record, items[1]
    assert (node.source_record_id, node.surveillance_type) == ("node/1", "ALPR")
    assert node.camera_direction == "350;10"
    assert [c.capability for c in node.claims] == ["licence_plate_recognition"]
    assert way.record.source_record_id == "way/2" and "center" in way.notes[0]
    assert isinstance(items[2], Rejected) and items[2].code == "not_surveillance"


def test_semicolon_csv_with_decimal_commas_and_mapping_values(tmp_path):
    path = tmp_path / "kameras.csv"
    path.write_text("Nr;Breite;Länge;Typ;Betreiber\n1;47,3769;8,5417;Kuppel;Stadtpolizei\n")
    mapping = parse_mapping({"values": {"camera_type": {"kuppel": "dome"}}, "fields": {"camera_type": "Typ"},
                             "id": "Nr"})
    [item] = list(open_file(path, ReadOptions(mapping=mapping)).items)
    assert isinstance(item, Accepted)
    assert (item.record.point.lat, item.record.camera_type, item.record.operator) == (47.3769, "dome",
                                                                                     "Stadtpolizei")


def test_mapping_typos_are_errors():
    from cameramap.importers.items import FileError

    with pytest.raises(FileError, match="unknown field"):
        parse_mapping({"set": {"camera_tpye": "dome"}})
    with pytest.raises(FileError, match="unknown keys"):
        parse_mapping({"colums": {}})
