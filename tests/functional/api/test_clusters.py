"""Map views (bbox+zoom, tile): clusters add up, never a cluster of one, filters apply, caches revalidate."""

from __future__ import annotations

import gzip
import random
from datetime import datetime

import orjson
import pytest
from sqlalchemy import delete, select, text

from cameramap.api import geojson
from cameramap.domain.geo import BBox, Point
from cameramap.domain.records import Actor, ClaimRecord
from cameramap.domain.vocabulary import marker_kind
from cameramap.services.imports.store import import_records
from cameramap.services.registry.cameras import apply_changes, change_status
from cameramap.storage import cellsql, clusters
from cameramap.storage.models import Camera, CapabilityClaim, Operator
from cameramap.storage.queries import CameraFilter
from tests.factories import TEST_SOURCE, camera_record

MODERATOR = Actor("moderator", "mod")
TYPES = ("fixed", "dome", "panning", None)
AREA = BBox(24.80, 60.10, 25.10, 60.30)


@pytest.fixture
def city(session):
    """400 cameras in two dense spots and a sparse spread, with mixed types, operators, claims."""
    rng = random.Random(7)
    records = []
    for i in range(400):
        if i % 3 == 0:
            lon, lat = rng.uniform(AREA.west, AREA.east), rng.uniform(AREA.south, AREA.north)
        else:
            cx, cy = (24.94, 60.17) if i % 3 == 1 else (25.03, 60.22)
            lon, lat = cx + rng.gauss(0, 0.004), cy + rng.gauss(0, 0.002)
        claims = [ClaimRecord("ptz_zoom", "likely", "osm_tag", "camera:type=panning")] if i % 7 == 0 else []
        records.append(
            camera_record(
                lon=lon,
                lat=lat,
                camera_type=TYPES[i % 4],
                claims=claims,
                surveillance_type="ALPR" if i % 11 == 0 else "camera",
                operator=("North Police", "South Transit", None)[i % 3],
            )
        )
    import_records(session, TEST_SOURCE, records, complete=False)
    return records


@pytest.fixture
def as_if_committed(session, backend):
    """PostgreSQL folds cell deltas and bumps the version at COMMIT (deferred triggers), which a
    rolled-back test never reaches: fire them at each statement's end instead, as COMMIT would."""
    if backend == "postgresql":
        session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))


def get(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response


def body(client, url):
    return orjson.loads(get(client, url).get_data())


def in_region(session, region, keep=lambda c: c.status != "removed"):
    cameras = session.scalars(select(Camera)).all()
    return [
        c
        for c in cameras
        if keep(c)
        and region.x0 <= clusters.cell_x(c.lon, region.level) <= region.x1
        and region.y0 <= clusters.cell_y(c.lat, region.level) <= region.y1
    ]


def region_of(answer, zoom):
    return clusters.region_for_bbox(BBox(*answer["bbox"]), clusters.cluster_level(zoom))


def check_adds_up(answer, expected_ids):
    """Cluster counts plus single points are the cameras of the area, each once."""
    total, ids = 0, []
    for feature in answer["features"]:
        props = feature["properties"]
        if props.get("cluster"):
            assert props["count"] >= 2, "a cluster of one"
            assert sum(props["markers"].values()) == props["count"]
            west, south, east, north = feature["bbox"]
            lon, lat = feature["geometry"]["coordinates"]
            assert west - 1e-6 <= lon <= east + 1e-6 and south - 1e-6 <= lat <= north + 1e-6
            total += props["count"]
        else:
            total += 1
            ids.append(int(feature["id"]))
    assert total == answer["numberMatched"] == len(expected_ids)
    assert set(ids) <= set(expected_ids)


@pytest.mark.parametrize("zoom", [8, 11, 12, 13, 14, 15, 16])
def test_clusters_add_up_to_the_cameras_in_view(client, session, city, zoom):
    bbox = ",".join(map(str, AREA.as_list()))
    if zoom >= 15:
        bbox = "24.93,60.16,24.95,60.18"
    answer = body(client, f"/api/v1/cameras?bbox={bbox}&zoom={zoom}&limit=20&brief=1")
    expected = [c.id for c in in_region(session, region_of(answer, zoom))]
    assert answer["clustered"] == (len(expected) > 20)
    check_adds_up(answer, expected)


def test_below_the_cap_every_camera_is_a_point(client, session, city):
    answer = body(client, "/api/v1/cameras?bbox=24.8,60.1,25.1,60.3&zoom=12&brief=1")
    assert answer["clustered"] is False
    expected = sorted(c.id for c in in_region(session, region_of(answer, 12)))
    assert [int(f["id"]) for f in answer["features"]] == expected



def test_a_view_carries_only_what_the_map_draws(client, session, city):
    """Position, marker, status, bearings, tilt, height and badges; ~150 bytes; the rest on click."""
    session.execute(text("UPDATE cameras SET camera_angle = 30 WHERE id % 2 = 0"))
    session.execute(text("UPDATE cameras SET camera_direction = NULL WHERE id % 3 = 0"))
    answer = body(client, "/api/v1/cameras?bbox=24.8,60.1,25.1,60.3&zoom=12")
    assert answer["clustered"] is False and answer["features"]
    cameras = {c.id: c for c in in_region(session, region_of(answer, 12))}
    for feature in answer["features"]:
        camera, p = cameras[int(feature["id"])], feature["properties"]
        assert set(p) <= {"marker", "status", "bearings", "camera_angle", "height", "capabilities"}
        assert p["marker"] == marker_kind(camera.surveillance_type, camera.camera_type)
        assert p["status"] == camera.status
        bearings = [[b["degrees"], b["width"]] for b in geojson.bearings(camera.camera_direction)]
        assert p.get("bearings") == (bearings or None)
        assert p.get("camera_angle") == (30 if camera.id % 2 == 0 else None)
        claimed = {c.capability: c.confidence for c in camera.claims}
        assert p.get("capabilities", {}) == claimed
        assert feature["geometry"]["coordinates"] == pytest.approx([camera.lon, camera.lat], abs=1e-6)
        size = len(orjson.dumps({**feature, "id": "1234567"}))  # as with a million cameras
        assert size <= (155 if set(p) == {"marker", "status"} else 240)
    detail = body(client, f"/api/v1/cameras/{answer['features'][0]['id']}")
    assert {"sources", "operator", "notes"} <= set(detail["properties"])


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("capability=ptz_zoom", lambda c: "ptz_zoom" in {x.capability for x in c.claims}),
        ("camera_type=dome,panning", lambda c: c.camera_type in ("dome", "panning")),
        ("surveillance_type=ALPR", lambda c: c.surveillance_type == "ALPR"),
        ("operator=North Police", lambda c: c.operator is not None and c.operator.name == "North Police"),
        ("source=Test source", lambda c: True),
    ],
)
def test_filters_apply_to_clusters(client, session, city, query, keep):
    answer = body(client, f"/api/v1/cameras?bbox=24.8,60.1,25.1,60.3&zoom=11&limit=5&{query}")
    expected = [
        c.id for c in in_region(session, region_of(answer, 11), lambda c: c.status != "removed" and keep(c))
    ]
    assert expected and answer["clustered"]
    check_adds_up(answer, expected)


def test_removed_cameras_only_when_asked(client, session, city):
    gone = session.scalars(select(Camera).order_by(Camera.id).limit(30)).all()
    for camera in gone:
        change_status(session, camera.id, "removed", MODERATOR, "taken down")
    answer = body(client, "/api/v1/cameras?bbox=24.8,60.1,25.1,60.3&zoom=10&limit=5&status=removed")
    check_adds_up(answer, [c.id for c in gone if AREA.contains(Point(c.lon, c.lat))])
    both = body(client, "/api/v1/cameras?bbox=24.8,60.1,25.1,60.3&zoom=10&limit=5&status=removed,reported")
    assert both["numberMatched"] == len(city)


def test_cell_index_matches_the_cameras_after_changes(session, city, as_if_committed):
    cameras = session.scalars(select(Camera).order_by(Camera.id)).all()
    apply_changes(session, cameras[0], {"lon": 24.5, "lat": 60.5, "camera_type": "dome"}, MODERATOR)
    change_status(session, cameras[1].id, "removed", MODERATOR, "gone")
    session.add(CapabilityClaim(operator_id=cameras[4].operator_id, capability="audio"))
    session.execute(delete(Camera).where(Camera.id == cameras[3].id))
    session.commit()
    session.expire_all()
    session.expire_all()
    for level in (cellsql.LEVELS[0], cellsql.LEVELS[-1]):
        columns = ", ".join(cellsql.COLUMNS)
        rows = session.execute(text(f"SELECT {columns} FROM camera_cells WHERE level = {level}")).all()
        found = {
            tuple(r[1:4]): dict(zip(cellsql.ADDED, r[4 : 4 + len(cellsql.ADDED)], strict=True)) for r in rows
        }
        assert found == expected_cells(session, level)


def expected_cells(session, level):
    """Brute force: per (x, y, status), what the index should hold."""
    cells: dict = {}
    for c in session.scalars(select(Camera)).all():
        own = {x.capability for x in c.claims}
        inherited = {x.capability for x in (c.operator.claims if c.operator else []) if x.camera_id is None}
        key = (clusters.cell_x(c.lon, level), clusters.cell_y(c.lat, level), c.status)
        cell = cells.setdefault(key, dict.fromkeys(cellsql.ADDED, 0))
        cell["count"] += 1
        cell["sum_id"] += c.id
        marker = marker_kind(c.surveillance_type, c.camera_type)
        if marker != "unknown":
            cell[cellsql.MARKER_COLUMNS[marker]] += 1
        for name in own | inherited:
            cell[cellsql.CAPABILITY_COLUMNS[name]] += 1
        cell["sum_lon"] += c.lon
        cell["sum_lat"] += c.lat
    for cell in cells.values():
        cell["sum_lon"], cell["sum_lat"] = pytest.approx(cell["sum_lon"]), pytest.approx(cell["sum_lat"])
    return cells


def test_indexed_and_on_the_fly_clusters_agree(session, city):
    region = clusters.region_for_bbox(AREA, 12)
    indexed = clusters.cluster_rows(session, CameraFilter(), region)
    direct = clusters.cluster_rows(session, CameraFilter(updated_from=datetime(1970, 1, 1)), region)
    assert [(r.x, r.y, r.count, r.sum_id, r.markers, r.capabilities) for r in indexed] == [
        (r.x, r.y, r.count, r.sum_id, r.markers, r.capabilities)
        for r in sorted(direct, key=lambda r: (r.x, r.y))
    ]


def test_tile_route_and_tile_parameter_agree(client, session, city):
    z, x, y = 11, clusters.cell_x(24.94, 11), clusters.cell_y(60.17, 11)
    by_route = body(client, f"/api/v1/cameras/tiles/{z}/{x}/{y}?limit=10")
    by_param = body(client, f"/api/v1/cameras?tile={z}/{x}/{y}&limit=10")
    assert by_route["features"] == by_param["features"] and by_route["clustered"]
    expected = [c.id for c in in_region(session, clusters.Region(z, x, y, x, y))]
    check_adds_up(by_route, expected)


@pytest.mark.parametrize(
    "query",
    [
        "tile=23/0/0",
        "tile=1/2",
        "zoom=3",
        "zoom=30&bbox=0,0,1,1",
        "tile=1/0/0&bbox=0,0,1,1",
        "bbox=0,0,1,1&zoom=3&offset=5",
        "bbox=-180,-85,180,85&zoom=12",
        "bbox=0,0,1,1&zoom=3&brief=maybe",
    ],
)
def test_bad_view_parameters_are_400s(client, session, query):
    response = get(client, f"/api/v1/cameras?{query}", status=400)
    assert orjson.loads(response.get_data())["parameter"] in ("tile", "zoom", "bbox", "offset", "brief")


def test_etag_304_and_invalidation_after_a_change(client, session, city, as_if_committed):
    url = "/api/v1/cameras?bbox=24.8,60.1,25.1,60.3&zoom=11&limit=5"
    first = get(client, url)
    tag = first.headers["ETag"]
    assert "max-age" in first.headers["Cache-Control"]
    assert get(client, url, 304, **{"If-None-Match": tag}).get_data() == b""
    camera = session.scalars(select(Camera).order_by(Camera.id)).first()
    change_status(session, camera.id, "removed", MODERATOR, "gone")
    again = get(client, url, 200, **{"If-None-Match": tag})
    assert again.headers["ETag"] != tag
    assert (
        orjson.loads(again.get_data())["numberMatched"] == orjson.loads(first.get_data())["numberMatched"] - 1
    )
    # An operator-wide claim changes what features show: the ETag changes too.
    tag = again.headers["ETag"]
    operator = session.scalar(select(Operator).where(Operator.name == "North Police"))
    session.add(CapabilityClaim(operator_id=operator.id, capability="face_recognition"))
    session.commit()
    third = get(client, url, 200, **{"If-None-Match": tag})
    faces = sum(
        f["properties"].get("capabilities", {}).get("face_recognition", 0)
        for f in orjson.loads(third.get_data())["features"]
        if f["properties"].get("cluster")
    )
    assert faces > 0


def test_views_are_gzipped_when_asked(client, session, city):
    url = "/api/v1/cameras?bbox=24.8,60.1,25.1,60.3&zoom=12&brief=1"
    plain = get(client, url)
    zipped = get(client, url, **{"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert (
        orjson.loads(gzip.decompress(zipped.get_data()))["features"]
        == orjson.loads(plain.get_data())["features"]
    )
