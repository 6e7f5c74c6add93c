"""Vector tiles (/api/v1/cameras/tiles/z/x/y.mvt) decode to the same view as the GeoJSON tile."""

from __future__ import annotations

import gzip

import mapbox_vector_tile
import orjson
import pytest

from cameramap.storage.backends.base import TILE_EXTENT
from cameramap.storage.grid import cell_x, cell_y, tile_pixel
from tests.functional.api.test_clusters import city  # noqa: F401 (the fixture)

HELSINKI = (24.94, 60.17)
MVT = "application/vnd.mapbox-vector-tile"


def _tile(zoom: int) -> tuple[int, int, int]:
    lon, lat = HELSINKI
    return zoom, cell_x(lon, zoom), cell_y(lat, zoom)


def _decoded(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == MVT
    return mapbox_vector_tile.decode(response.get_data(), default_options={"y_coord_down": True})


@pytest.mark.parametrize(("zoom", "query"), [(12, ""), (16, ""), (9, "?limit=20"), (13, "?limit=5")])
def test_a_vector_tile_holds_the_geojson_tiles_features(client, session, city, zoom, query):  # noqa: F811
    z, x, y = _tile(zoom)
    view = orjson.loads(client.get(f"/api/v1/cameras/tiles/{z}/{x}/{y}{query}").get_data())
    assert view["features"]
    tile = _decoded(client, f"/api/v1/cameras/tiles/{z}/{x}/{y}.mvt{query}")
    points = [f for f in view["features"] if not f["properties"].get("cluster")]
    groups = [f for f in view["features"] if f["properties"].get("cluster")]
    got_points = tile.get("cameras", {}).get("features", [])
    got_groups = tile.get("clusters", {}).get("features", [])
    assert sorted(f["id"] for f in got_points) == sorted(int(f["id"]) for f in points)
    counts = sorted(f["properties"]["count"] for f in groups)
    assert sorted(f["properties"]["count"] for f in got_groups) == counts
    assert bool(groups) == view["clustered"]
    by_id = {int(f["id"]): f for f in points}
    for feature in got_points:
        want = by_id[feature["id"]]
        lon, lat = want["geometry"]["coordinates"]
        px, py = tile_pixel(z, x, y, lon, lat, TILE_EXTENT)
        assert feature["geometry"]["coordinates"] == pytest.approx([px, py], abs=1)
        p, q = feature["properties"], want["properties"]
        assert (p["marker"], p["status"]) == (q["marker"], q["status"])
        assert {k[4:]: v for k, v in p.items() if k.startswith("cap_")} == q.get("capabilities", {})
        assert p.get("bearings", "") == ";".join(f"{d:g}/{w:g}" for d, w in q.get("bearings", []))
    for feature in got_groups:
        assert feature["properties"]["cluster"] is True
        assert sum(v for k, v in feature["properties"].items() if k.startswith("marker_")) \
            == feature["properties"]["count"]


def test_vector_tiles_revalidate_and_compress(client, session, city):  # noqa: F811
    z, x, y = _tile(12)
    url = f"/api/v1/cameras/tiles/{z}/{x}/{y}.mvt"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    assert mapbox_vector_tile.decode(gzip.decompress(first.get_data()))["cameras"]["features"]
    tag = first.headers["ETag"]
    assert tag != client.get(f"/api/v1/cameras/tiles/{z}/{x}/{y}").headers["ETag"]
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304


def test_an_empty_vector_tile_is_empty(client, session, city):  # noqa: F811
    response = client.get("/api/v1/cameras/tiles/12/0/0.mvt")
    assert response.status_code == 200
    assert mapbox_vector_tile.decode(response.get_data()) == {}


def test_a_vector_tile_outside_the_grid_is_a_400(client, session):
    response = client.get("/api/v1/cameras/tiles/3/9/0.mvt")
    assert response.status_code == 400
    assert orjson.loads(response.get_data())["parameter"] == "tile"
