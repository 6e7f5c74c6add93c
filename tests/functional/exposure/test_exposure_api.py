"""POST /api/v1/exposure: GeoJSON and GPX tracks, hand-computed answers, overrides and limits."""

from __future__ import annotations

import io
import math

import orjson
import pytest
from pyproj import Transformer

from cameramap.domain.records import ClaimRecord
from tests.factories import make_camera

LON, LAT = 24.95, 60.17
AROUND = Transformer.from_crs(f"+proj=aeqd +lat_0={LAT} +lon_0={LON} +datum=WGS84", "EPSG:4326",
                              always_xy=True)  # metres around the camera -> lon/lat
URL = "/api/v1/exposure"


def offset(dx: float, dy: float) -> list[float]:
    """The lon/lat dx metres east and dy metres north of the camera."""
    lon, lat = AROUND.transform([dx], [dy])
    return [float(lon[0]), float(lat[0])]


def street(dy: float = 10.0) -> dict:
    return {"type": "LineString", "coordinates": [offset(-50, dy), offset(50, dy)]}


def post(client, body, content_type="application/geo+json", query=""):
    data = body if isinstance(body, bytes) else orjson.dumps(body)
    return client.post(URL + query, data=data, content_type=content_type)


def test_a_street_passing_a_camera_that_faces_it_vs_one_that_faces_away(client, session):
    facing = make_camera(session, lon=LON, lat=LAT, camera_type="fixed", camera_direction="N",
                         operator="City of Helsinki", claims=[])
    make_camera(session, lon=LON, lat=LAT, camera_type="fixed", camera_direction="S", operator=None,
                claims=[])
    answer = post(client, street()).get_json()
    # 70° facing north: the street 10 m north is in view for |x| <= 10 tan 35°
    chord = 2 * 10 * math.tan(math.radians(35))
    assert answer["length_m"] == pytest.approx(100, abs=0.2)
    assert answer["watched_m"] == pytest.approx(chord, abs=0.1)
    assert answer["watched_share"] == pytest.approx(chord / 100, abs=0.002)
    assert [c["id"] for c in answer["cameras"]] == [str(facing.id)]  # the other one sees nothing of it
    assert answer["operators"][0]["name"] == "City of Helsinki"
    assert answer["seconds"] is None and answer["capabilities"] == {}
    assert len(answer["watched"]["coordinates"]) == 1


def test_overrides_in_the_query_string_change_the_model(client, session):
    make_camera(session, lon=LON, lat=LAT, camera_type="fixed", camera_direction="S", claims=[])
    assert post(client, street()).get_json()["watched_m"] == 0
    disc = post(client, street(), query="?ignore_direction=true&range_m=20").get_json()
    assert disc["watched_m"] == pytest.approx(2 * math.sqrt(300), rel=0.01)  # a 20 m disc cut at 10 m
    assert disc["model"] == {"range_m": 20.0, "ignore_direction": True, "buildings": False}
    assert post(client, street(), query="?range_m=0").status_code == 400
    assert post(client, street(), query="?lon=1").status_code == 400


def test_a_sparse_gpx_track_with_times_counts_the_camera_between_its_points(client, session):
    camera = make_camera(session, lon=LON, lat=LAT, camera_type="dome", claims=[])
    make_camera(session, lon=LON + 0.0005, lat=LAT, camera_type="dome",
                claims=[ClaimRecord("face_recognition", "claimed", "sign", "a sign")])
    (w, s), (e, n) = offset(-1000, 0), offset(1000, 0)
    gpx = (f'<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
           f'<trkpt lat="{s}" lon="{w}"><time>2024-05-01T08:00:00Z</time></trkpt>'
           f'<trkpt lat="{n}" lon="{e}"><time>2024-05-01T08:20:00Z</time></trkpt>'
           f'</trkseg></trk></gpx>').encode()
    answer = post(client, gpx, "application/gpx+xml").get_json()
    assert answer["length_m"] == pytest.approx(2000, abs=1)
    first = next(c for c in answer["cameras"] if c["id"] == str(camera.id))
    assert first["metres"] == pytest.approx(40, abs=0.1)  # a dome's 20 m disc, crossed through its centre
    assert first["seconds"] == pytest.approx(40 / 2000 * 1200, abs=0.2)  # 1200 s for 2 km
    assert answer["capabilities"]["face_recognition"]["metres"] == pytest.approx(40, abs=0.1)
    assert answer["watched_m"] == pytest.approx(40 + 28.0, abs=0.5)  # the discs overlap by 12 m
    assert answer["seconds"] == 1200


def test_a_multipart_upload_and_a_geojson_feature_are_read(client, session):
    make_camera(session, lon=LON, lat=LAT, camera_type="dome", claims=[])
    feature = {"type": "Feature", "properties": {}, "geometry": street(0)}
    upload = client.post(URL, data={"file": (io.BytesIO(orjson.dumps(feature)), "route.geojson")},
                         content_type="multipart/form-data")
    assert upload.status_code == 200 and upload.get_json()["watched_m"] == pytest.approx(40, abs=0.1)
    assert post(client, feature, "application/json").get_json()["watched_m"] == pytest.approx(40, abs=0.1)
    assert upload.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("body, content_type, status", [
    (b"{", "application/json", 400),
    (orjson.dumps({"type": "Point", "coordinates": [24.9, 60.1]}), "application/geo+json", 400),
    (orjson.dumps({"type": "LineString", "coordinates": [[24.9, 60.1]]}), "application/geo+json", 400),
    (orjson.dumps({"type": "LineString", "coordinates": [[24.9, 95], [24.9, 60]]}), "application/json", 400),
    (orjson.dumps({"type": "LineString", "coordinates": [[24.9, 60], [27.9, 60]]}), "application/json", 400),
    (b'<!DOCTYPE gpx [<!ENTITY x "y">]><gpx>&x;</gpx>', "application/gpx+xml", 400),
    (b"<gpx", "application/gpx+xml", 400),
    (b"lon,lat", "text/csv", 415),
])
def test_bad_bodies_get_a_clear_4xx(client, session, body, content_type, status):
    answer = post(client, body, content_type)
    assert answer.status_code == status and answer.get_json()["message"]


def test_a_million_vertices_and_a_50_mb_gpx_are_refused_not_crashed(client, session):
    coords = [[24.9 + i * 1e-7, 60.1] for i in range(1_000_000)]
    huge = post(client, {"type": "LineString", "coordinates": coords})
    assert huge.status_code == 413 and huge.get_json()["error"] == "request_entity_too_large"  # > 10 MB
    vertices = b",".join([b"[0,0]"] * 1_000_000)
    compact = post(client, b'{"type":"LineString","coordinates":[' + vertices + b"]}")
    assert compact.status_code == 413 and compact.get_json()["error"] == "payload_too_large"  # 6 MB
    point = b'<trkpt lat="60.17" lon="24.95"><time>2024-05-01T08:00:00Z</time></trkpt>'
    gpx = b'<gpx><trk><trkseg>' + point * (50 * 1024 * 1024 // len(point)) + b"</trkseg></trk></gpx>"
    assert post(client, gpx, "application/gpx+xml").status_code == 413
    many = b'<gpx><trk><trkseg>' + point * 100_001 + b"</trkseg></trk></gpx>"
    assert post(client, many, "application/gpx+xml").status_code == 413


def test_exposure_is_post_only(client):
    assert client.get(URL).status_code == 405
