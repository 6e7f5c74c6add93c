"""GET /basemap.pmtiles: whole, by byte ranges (206 + Content-Range), revalidated by ETag; 404 when absent."""

from __future__ import annotations

import pytest

from cameramap.basemap.build import build_basemap
from tests.unit.basemap.conftest import write_extract


@pytest.fixture
def archive(app, tmp_path, configure):
    path = build_basemap(write_extract(tmp_path / "small.osm"), tmp_path / "small.pmtiles", 12, 14).path
    configure(app, BASEMAP_PATH=path)
    with open(path, "rb") as handle:
        return handle.read()


def test_the_whole_archive(client, archive):
    response = client.get("/basemap.pmtiles")
    assert response.status_code == 200 and response.data == archive
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["Content-Type"] == "application/vnd.pmtiles"
    assert response.headers["ETag"] and "max-age=3600" in response.headers["Cache-Control"]


def test_a_range_answers_206_with_its_bytes(client, archive):
    response = client.get("/basemap.pmtiles", headers={"Range": "bytes=0-126"})
    assert response.status_code == 206
    assert response.data == archive[:127] and response.data.startswith(b"PMTiles\x03")
    assert response.headers["Content-Range"] == f"bytes 0-126/{len(archive)}"
    assert response.headers["Content-Length"] == "127"
    tail = client.get("/basemap.pmtiles", headers={"Range": f"bytes={len(archive) - 10}-"})
    assert tail.status_code == 206 and tail.data == archive[-10:]


def test_a_range_beyond_the_end_is_416(client, archive):
    response = client.get("/basemap.pmtiles", headers={"Range": f"bytes={len(archive) + 5}-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(archive)}"


def test_revalidation_by_etag(client, archive):
    etag = client.get("/basemap.pmtiles").headers["ETag"]
    assert client.get("/basemap.pmtiles", headers={"If-None-Match": etag}).status_code == 304
    ranged = client.get("/basemap.pmtiles", headers={"Range": "bytes=0-9", "If-Range": etag})
    assert ranged.status_code == 206 and ranged.data == archive[:10]
    stale = client.get("/basemap.pmtiles", headers={"Range": "bytes=0-9", "If-Range": '"other"'})
    assert stale.status_code == 200 and stale.data == archive


def test_no_archive_is_404(client, app, tmp_path, configure):
    configure(app, BASEMAP_PATH=str(tmp_path / "missing.pmtiles"))
    response = client.get("/basemap.pmtiles")
    assert response.status_code == 404
    assert "cameramap basemap build" in response.get_data(as_text=True)
