"""GDAL's OAPIF driver against a live /ogc, and the GeoPackage download read by ogrinfo."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cameramap.storage.models import Camera

pytestmark = pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL's ogrinfo is not installed")


def ogrinfo(*args: str) -> str:
    done = subprocess.run(["ogrinfo", "-ro", *args], capture_output=True, text=True, timeout=120,
                          env={"GDAL_HTTP_TIMEOUT": "60", "PATH": "/usr/bin:/bin", "CPL_DEBUG": "OFF"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def built_export(url: str, timeout: float = 120) -> bytes:
    """The export at `url`, asking again after Retry-After while it is built in the background."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            if err.code != 503 or time.monotonic() > deadline:
                raise
            time.sleep(min(0.5, float(err.headers["Retry-After"])))


def visible_cameras(engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count(Camera.id)).where(Camera.status != "removed")))


def test_ogrinfo_lists_the_collection(ogc_server):
    out = ogrinfo(f"OAPIF:{ogc_server.url}/ogc")
    assert re.search(r"^1: cameras \(title: Surveillance cameras\) \(Point\)$", out, re.M), out


def test_ogrinfo_summary_counts_every_camera(ogc_server):
    out = ogrinfo("-so", f"OAPIF:{ogc_server.url}/ogc", "cameras")
    assert f"Feature Count: {visible_cameras(ogc_server.engine)}" in out, out
    assert "Geometry: Point" in out


@pytest.mark.parametrize("page_size", ["1000", "37"])
def test_ogrinfo_reads_every_feature_across_pages(ogc_server, page_size):
    out = ogrinfo("-al", "-q", "-oo", f"PAGE_SIZE={page_size}", f"OAPIF:{ogc_server.url}/ogc")
    ids = re.findall(r"^\s+id \(String\) = (\d+)$", out, re.M)
    expected = visible_cameras(ogc_server.engine)
    assert len(ids) == expected > 200
    assert len(set(ids)) == expected


def test_ogrinfo_spatial_filter_matches_the_api(ogc_server):
    bbox = ("24.94", "60.165", "24.945", "60.17")
    out = ogrinfo("-al", "-q", "-spat", *bbox, f"OAPIF:{ogc_server.url}/ogc")
    served = len(re.findall(r"^OGRFeature\(cameras\)", out, re.M))
    with urllib.request.urlopen(f"{ogc_server.url}/api/v1/cameras?bbox={','.join(bbox)}&limit=1000") as r:
        expected = orjson.loads(r.read())["numberMatched"]
    assert served == expected > 0


def test_downloaded_geopackage_has_every_camera(ogc_server, tmp_path):
    target = tmp_path / "cameras.gpkg"
    target.write_bytes(built_export(f"{ogc_server.url}/api/v1/exports/cameras.gpkg"))
    out = ogrinfo("-so", str(target), "cameras")
    with Session(ogc_server.engine) as session:
        everything = int(session.scalar(select(func.count(Camera.id))))
    assert f"Feature Count: {everything}" in out, out
    assert re.search(r"^licence: String", out, re.M), out
