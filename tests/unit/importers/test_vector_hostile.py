"""Hostile vector files: lines and 3D points, out-of-range points, entity bombs, broken archives."""

import json
import zipfile

import pytest

from cameramap.importers.items import Accepted, FileError, ReadOptions, Rejected
from cameramap.importers.registry import open_file

BOMB = """<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&d;</name>
<Point><coordinates>0.1,52.2</coordinates></Point></Placemark></Document></kml>"""


def feature(geometry, **props):
    return {"type": "Feature", "geometry": geometry, "properties": props}


def test_lines_polygons_and_3d_points(tmp_path):
    path = tmp_path / "mixed.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        feature({"type": "Point", "coordinates": [8.5, 47.3, 420.0]}, id="a"),
        feature({"type": "LineString", "coordinates": [[8.5, 47.3], [8.6, 47.4]]}, id="b"),
        feature({"type": "Point", "coordinates": [8.5, 95.0]}, id="c"),
        feature({"type": "Point", "coordinates": [200.0, 47.0]}, id="d"),
        feature(None, id="e"),
    ]}))
    items = list(open_file(path).items)
    kinds = {(i.record.source_record_id if isinstance(i, Accepted) else i.row):
             (i.notes if isinstance(i, Accepted) else i.code) for i in items}
    assert kinds["a"] == ()
    assert "LineString" in kinds["b"][0]
    assert (kinds[3], kinds[4], kinds[5]) == ("swapped_coordinates", "out_of_range", "empty_geometry")
    line = next(i for i in items if isinstance(i, Accepted) and i.record.source_record_id == "b")
    assert 8.5 <= line.record.point.lon <= 8.6


def test_kml_entity_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.kml"
    path.write_text(BOMB)
    with pytest.raises(FileError, match="DTD or entity"):
        open_file(path)
    kmz = tmp_path / "bomb.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.writestr("doc.kml", BOMB)
    with pytest.raises(FileError, match="DTD or entity"):
        open_file(kmz)


def test_kmz_with_extended_data(tmp_path):
    kml = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
           '<Placemark><name>7</name><ExtendedData><Data name="Type"><value>ANPR camera</value></Data>'
           '</ExtendedData><Point><coordinates>0.13,52.19,0</coordinates></Point></Placemark></Document></kml>')
    path = tmp_path / "sites.kmz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("doc.kml", kml)
    reading = open_file(path)
    [item] = list(reading.items)
    assert reading.format == "kmz"
    assert item.record.point.lat == 52.19 and item.record.surveillance_type == "ALPR"


def test_garbage_files_are_whole_file_errors(tmp_path):
    broken_json = tmp_path / "broken.geojson"
    broken_json.write_text('{"type": "FeatureCollection", "features": [')
    not_zip = tmp_path / "fake.zip"
    not_zip.write_bytes(b"PK\x03\x04 not really a zip")
    for path in (broken_json, not_zip):
        with pytest.raises(FileError):
            open_file(path, ReadOptions())


def test_rejections_carry_row_values(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        feature({"type": "Point", "coordinates": [0.0, 0.0]}, name="null island")]}))
    [item] = list(open_file(path).items)
    assert isinstance(item, Rejected) and item.code == "null_island" and item.values["name"] == "null island"
