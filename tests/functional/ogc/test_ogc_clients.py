"""Real clients against a live /ogc: OWSLib reads queryables, CQL2 filters and EPSG:3067 items; GDAL
sends a -where filter to the server and writes a GeoPackage in EPSG:3067."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from owslib.ogcapi.features import Features
from pyproj import Transformer
from sqlalchemy.orm import Session

from cameramap.domain.records import ClaimRecord
from tests.factories import make_camera

FACE = [ClaimRecord("face_recognition", "confirmed", "procurement_record", "contract")]
GDAL = pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL is not installed")


@pytest.fixture(scope="module")
def served(ogc_server):
    """Three face-recognition cameras (one of operator X, since 2023) added to the demo, and a log of
    every request the server answers."""
    from flask import request

    with Session(ogc_server.engine, expire_on_commit=False) as session:
        ids = [make_camera(session, lon=24.94 + i / 1000, lat=60.17, claims=FACE,
                           operator="Operator X" if i == 0 else "Other", first_seen=date(2021 + i, 5, 1)).id
               for i in range(3)]
        session.commit()
    ogc_server.requests = []
    ogc_server.app.before_request_funcs.setdefault(None, []).append(
        lambda: ogc_server.requests.append(request.full_path))
    ogc_server.face_ids = {str(i) for i in ids}
    return ogc_server


def test_owslib_reads_the_queryables(served):
    api = Features(f"{served.url}/ogc")
    queryables = api.collection_queryables("cameras")
    assert {"capability", "confidence", "operator", "status", "first_seen", "height", "geometry"} <= set(
        queryables["properties"])
    assert "face_recognition" in queryables["properties"]["capability"]["enum"]
    assert queryables["properties"]["first_seen"]["format"] == "date"


def test_owslib_cql2_text_filter(served):
    api = Features(f"{served.url}/ogc")
    found = api.collection_items("cameras", filter="capability = 'face_recognition' AND operator = "
                                 "'Operator X' AND first_seen >= DATE('2021-01-01')", limit=100)
    assert {f["id"] for f in found["features"]} == {min(served.face_ids, key=int)}


def test_owslib_cql2_json_filter(served):
    api = Features(f"{served.url}/ogc")
    cql = ('{"op":"and","args":[{"op":"=","args":[{"property":"capability"},"face_recognition"]},'
           '{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[24.9395,60.169,24.9415,60.171]}]}]}')
    found = api.collection_items("cameras", filter=cql, **{"filter-lang": "cql2-json"}, limit=100)
    assert {f["id"] for f in found["features"]} == set(sorted(served.face_ids, key=int)[:2])


def test_owslib_items_in_epsg_3067_match_pyproj(served):
    api = Features(f"{served.url}/ogc")
    plain = api.collection_items("cameras", limit=20)
    projected = api.collection_items("cameras", limit=20, crs="http://www.opengis.net/def/crs/EPSG/0/3067")
    to_tm35 = Transformer.from_crs("OGC:CRS84", "EPSG:3067")
    assert [f["id"] for f in plain["features"]] == [f["id"] for f in projected["features"]]
    for lonlat, tm35 in zip(plain["features"], projected["features"], strict=True):
        easting, northing = to_tm35.transform(*lonlat["geometry"]["coordinates"])
        assert tm35["geometry"]["coordinates"] == pytest.approx([easting, northing], abs=0.01)
        assert 6_600_000 < tm35["geometry"]["coordinates"][1] < 6_800_000  # northing: axis order E, N


def gdal(*args: str) -> str:
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=180,
                          env={"GDAL_HTTP_TIMEOUT": "60", "PATH": "/usr/bin:/bin", "CPL_DEBUG": "OFF"})
    assert done.returncode == 0, done.stderr
    return done.stdout


@GDAL
def test_ogrinfo_where_runs_on_the_server(served):
    served.requests.clear()
    out = gdal("ogrinfo", "-ro", "-al", "-q", f"OAPIF:{served.url}/ogc", "cameras",
               "-where", "capability = 'face_recognition'")
    ids = set(re.findall(r"^\s+id \(String\) = (\d+)$", out, re.M))
    assert ids == served.face_ids
    sent = [parse_qs(urlsplit(path).query) for path in served.requests if "/items" in path]
    # the first page read is GDAL's look at the fields; the features come from filtered requests
    assert sent[-1]["filter"] == ["capability = 'face_recognition'"], sent
    assert sent[-1]["filter-lang"] == ["cql-text"]


@GDAL
def test_ogr2ogr_writes_a_geopackage_in_epsg_3067(served, tmp_path):
    target = tmp_path / "cameras.gpkg"
    gdal("ogr2ogr", "-f", "GPKG", str(target), f"OAPIF:{served.url}/ogc", "cameras", "-t_srs", "EPSG:3067",
         "-where", "capability = 'face_recognition'")
    info = gdal("ogrinfo", "-ro", "-al", str(target))
    assert 'ID["EPSG",3067]' in info and "Feature Count: 3" in info
    api = Features(f"{served.url}/ogc")
    served_points = {f["id"]: f["geometry"]["coordinates"] for f in api.collection_items(
        "cameras", limit=100, filter="capability = 'face_recognition'",
        crs="http://www.opengis.net/def/crs/EPSG/0/3067")["features"]}
    written = dict(re.findall(r"id \(String\) = (\d+)\n(?:.*\n)*?\s+POINT \(([^)]+)\)", info))
    assert written.keys() == served_points.keys()
    for ident, text in written.items():
        assert [float(v) for v in text.split()] == pytest.approx(served_points[ident], abs=0.01)
