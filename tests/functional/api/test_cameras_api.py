"""GET /api/v1/cameras and /api/v1/cameras/<id> against the demo data on the configured backend."""

import shutil
import subprocess

import orjson
import pytest
from sqlalchemy import event, select

from cameramap.config import parse
from cameramap.domain.geo import BBox, Point
from cameramap.domain.records import Actor
from cameramap.services import geocoding
from cameramap.services.registry.cameras import change_status
from cameramap.storage.models import Camera, CapabilityClaim, Source
from cameramap.storage.submissions import Photo, Submission
from tests.factories import make_camera

GEOJSON = "application/geo+json"
FEATURE_PROPERTIES = {
    "id", "marker", "surveillance_type", "surveillance", "surveillance_zone", "camera_type",
    "camera_mount", "camera_direction", "bearings", "camera_angle", "height", "manufacturer", "model",
    "operator", "status", "removed_at", "first_seen", "last_verified", "notes", "capabilities",
    "sources", "url", "updated_at", "nearest_street",
}
MODERATOR = Actor("moderator", "mod")


def get(client, url, status=200, media_type=GEOJSON):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == media_type
    return orjson.loads(response.get_data())


def all_ids(client, url) -> list[int]:
    """Follow `next` links from `url` to the end; the ids in the order served."""
    ids: list[int] = []
    while url:
        body = get(client, url)
        ids += [int(f["id"]) for f in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    return ids


def visible(session, keep=lambda camera: True) -> list[int]:
    """Brute force: ids of cameras that are not removed and pass `keep`."""
    cameras = session.scalars(select(Camera).order_by(Camera.id))
    return [c.id for c in cameras if c.status != "removed" and keep(c)]


def test_default_page(client, demo):
    body = get(client, "/api/v1/cameras")
    assert body["type"] == "FeatureCollection"
    assert (body["numberMatched"], body["numberReturned"]) == (221, 100)
    rels = [link["rel"] for link in body["links"]]
    assert rels == ["self", "next"]
    assert set(body["features"][0]["properties"]) == FEATURE_PROPERTIES


def test_paging_serves_every_camera_once_in_id_order(client, session, demo):
    ids = all_ids(client, "/api/v1/cameras?limit=37")
    assert ids == sorted(set(ids))
    assert ids == visible(session)


def test_offset_past_the_end_is_empty_with_the_true_count(client, demo):
    body = get(client, "/api/v1/cameras?offset=5000")
    assert (body["numberMatched"], body["numberReturned"]) == (221, 0)
    assert [link["rel"] for link in body["links"]] == ["self"]


def _demo_boxes(session) -> list[BBox]:
    cameras = list(session.scalars(select(Camera).order_by(Camera.id)))
    lons, lats = sorted(c.lon for c in cameras), sorted(c.lat for c in cameras)
    mid_lon, mid_lat = lons[len(lons) // 2], lats[len(lats) // 2]
    one = cameras[len(cameras) // 3]
    return [
        BBox(lons[0], lats[0], lons[-1], lats[-1]),           # exactly the extent: edges inclusive
        BBox(lons[0], lats[0], mid_lon, mid_lat), BBox(mid_lon, mid_lat, lons[-1], lats[-1]),
        BBox(lons[10], lats[20], lons[-30], lats[-5]),       # edges on camera coordinates
        BBox(one.lon, one.lat, one.lon, one.lat),            # a single point
        BBox(-180, -90, 180, 90), BBox(0, 0, 1, 1),
    ]


def test_bbox_matches_a_brute_force_filter(client, session, demo):
    for box in _demo_boxes(session):
        bbox = ",".join(repr(v) for v in box.as_list())
        expected = visible(session, lambda c, box=box: box.contains(Point(c.lon, c.lat)))
        assert all_ids(client, f"/api/v1/cameras?bbox={bbox}&limit=50") == expected, bbox
        assert get(client, f"/api/v1/cameras?bbox={bbox}&limit=1")["numberMatched"] == len(expected)


def test_bbox_is_combined_with_other_filters(client, session, demo):
    box = _demo_boxes(session)[1]
    bbox = ",".join(map(repr, box.as_list()))
    expected = visible(session, lambda c: box.contains(Point(c.lon, c.lat)) and c.camera_type == "panning")
    assert expected
    assert all_ids(client, f"/api/v1/cameras?bbox={bbox}&camera_type=panning") == expected


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("camera_type=panning", lambda c: c.camera_type == "panning"),
        ("camera_type=dome,panning", lambda c: c.camera_type in ("dome", "panning")),
        ("camera_type=dome&camera_type=PANNING", lambda c: c.camera_type in ("dome", "panning")),
        ("surveillance_type=camera", lambda c: c.surveillance_type == "camera"),
        ("capability=ptz_zoom", lambda c: "ptz_zoom" in {x.capability for x in c.claims}),
    ],
)
def test_vocabulary_filters(client, session, demo, query, keep):
    expected = visible(session, keep)
    assert expected, "the demo data should exercise this filter"
    assert all_ids(client, f"/api/v1/cameras?{query}&limit=1000") == expected


def test_surveillance_type_alpr(client, session, demo):
    alpr = make_camera(session, surveillance_type="ALPR")
    assert all_ids(client, "/api/v1/cameras?surveillance_type=alpr") == [alpr.id]


def test_removed_cameras_only_when_asked(client, session, demo):
    gone = session.scalars(select(Camera).order_by(Camera.id)).first()
    change_status(session, gone.id, "removed", MODERATOR, "taken down")
    assert gone.id not in all_ids(client, "/api/v1/cameras?limit=1000")
    body = get(client, "/api/v1/cameras?status=removed")
    assert [f["id"] for f in body["features"]] == [str(gone.id)]
    assert body["features"][0]["properties"]["removed_at"] is not None
    assert len(all_ids(client, "/api/v1/cameras?status=reported,removed&limit=1000")) == 221
    assert get(client, "/api/v1/cameras?status=verified")["numberMatched"] == 0


def test_operator_by_name_or_id(client, session):
    police = make_camera(session, operator="Helsinki Police")
    espoo = make_camera(session, operator="City of Espoo, Transport")
    make_camera(session, operator=None)
    espoo_id = espoo.operator_id
    assert all_ids(client, "/api/v1/cameras?operator=Helsinki Police") == [police.id]
    assert all_ids(client, f"/api/v1/cameras?operator={espoo_id}") == [espoo.id]
    assert all_ids(client, "/api/v1/cameras?operator=City of Espoo, Transport") == [espoo.id]
    both = f"/api/v1/cameras?operator=Helsinki Police&operator={espoo_id}"
    assert all_ids(client, both) == sorted([police.id, espoo.id])
    assert all_ids(client, "/api/v1/cameras?operator=Nobody") == []
    assert all_ids(client, "/api/v1/cameras?operator=99999999999999") == []


def test_source_by_name_or_id(client, session, demo):
    own = make_camera(session)
    osm = session.scalar(select(Source).where(Source.kind == "osm"))
    expected = visible(session, lambda c: c.id != own.id)
    assert all_ids(client, f"/api/v1/cameras?source={osm.name}&limit=1000") == expected
    assert all_ids(client, f"/api/v1/cameras?source={osm.id}&limit=1000") == expected
    assert all_ids(client, "/api/v1/cameras?source=Test source") == [own.id]


def _operator_wide_claim(session, operator_id: int, capability: str) -> CapabilityClaim:
    claim = CapabilityClaim(operator_id=operator_id, capability=capability, confidence="claimed",
                            evidence_kind="procurement_record", evidence_url="https://example.org/p",
                            vendor="Acme")
    session.add(claim)
    session.flush()
    return claim


def test_operator_wide_claims_are_inherited(client, session):
    camera = make_camera(session, operator="Helsinki Police")
    other = make_camera(session, operator="Someone else")
    _operator_wide_claim(session, camera.operator_id, "face_recognition")
    feature = get(client, "/api/v1/cameras")["features"][0]
    assert feature["id"] == str(camera.id)
    claims = {(c["capability"], c["inherited"]) for c in feature["properties"]["capabilities"]}
    assert claims == {("night_vision", False), ("face_recognition", True)}
    assert all_ids(client, "/api/v1/cameras?capability=face_recognition") == [camera.id]
    assert sorted(all_ids(client, "/api/v1/cameras?capability=night_vision")) == [camera.id, other.id]
    detail = get(client, f"/api/v1/cameras/{camera.id}")["properties"]["capabilities"]
    assert ("face_recognition", True) in {(c["capability"], c["inherited"]) for c in detail}


def test_detail_has_tags_and_public_revisions(client, session, demo):
    camera = session.scalars(select(Camera).order_by(Camera.id)).first()
    change_status(session, camera.id, "verified", Actor("moderator", "secret-moderator"), "seen it")
    body = get(client, f"/api/v1/cameras/{camera.id}")
    props = body["properties"]
    assert body["id"] == str(camera.id) and props["status"] == "verified"
    source_name = camera.provenance[0].source.name
    assert props["tags"][source_name]["man_made"] == "surveillance"
    assert [r["action"] for r in props["revisions"]] == ["create", "status"]
    assert props["revisions"][1]["changes"]["status"] == ["reported", "verified"]
    assert "secret-moderator" not in orjson.dumps(body).decode()


def test_each_camera_of_a_page_names_its_nearest_street(client, session, demo):
    """One batch lookup for the page answers what the reverse geocoder answers camera by camera."""
    body = get(client, "/api/v1/cameras?limit=221")
    streets = {f["id"]: f["properties"]["nearest_street"] for f in body["features"]}
    config = parse({})
    expected = {f["id"]: geocoding.reverse(session, Point(*f["geometry"]["coordinates"]), config).label
                for f in body["features"]}
    assert streets == expected
    named = [s for s in streets.values() if s]
    assert len(named) >= 200  # central Helsinki: nearly every camera is near a mapped street
    assert any(s.startswith("Aleksanterinkatu ") and s[-1].isdigit() for s in named)  # an address


def test_a_camera_far_from_every_street_names_none(client, session, demo):
    camera = make_camera(session, lon=-30.0, lat=-60.0)
    assert get(client, f"/api/v1/cameras/{camera.id}")["properties"]["nearest_street"] is None
    page = get(client, "/api/v1/cameras?bbox=-31,-61,-29,-59")
    assert [f["properties"]["nearest_street"] for f in page["features"]] == [None]


def test_detail_names_the_street_and_the_first_accepted_photo(client, session, demo):
    camera = session.scalars(select(Camera).order_by(Camera.id)).first()
    props = get(client, f"/api/v1/cameras/{camera.id}")["properties"]
    assert props["photo"] is None
    assert props["nearest_street"] == geocoding.reverse(session, Point(camera.lon, camera.lat),
                                                        parse({})).label
    for status, name in (("pending", "waiting.jpg"), ("approved", "first.jpg"), ("merged", "second.jpg")):
        submission = Submission(token_hash=name.ljust(64, "x"), lon=camera.lon, lat=camera.lat,
                                status=status, capabilities=[], camera_id=camera.id)
        submission.photos.append(Photo(filename=name, content_type="image/jpeg", width=640, height=480,
                                       size_bytes=1000))
        session.add(submission)
    session.flush()
    photo = get(client, f"/api/v1/cameras/{camera.id}")["properties"]["photo"]
    assert photo == {"url": "/media/first.jpg", "width": 640, "height": 480}


def test_removed_camera_detail_is_still_served(client, session):
    camera = make_camera(session)
    change_status(session, camera.id, "removed", MODERATOR)
    assert get(client, f"/api/v1/cameras/{camera.id}")["properties"]["status"] == "removed"


@pytest.mark.parametrize("ident", ["abc", "0", "-1", "999999999", "99999999999999999999", "1.0", "١"])
def test_unknown_camera_is_404_json(client, demo, ident):
    body = get(client, f"/api/v1/cameras/{ident}", status=404, media_type="application/json")
    assert body["error"] == "not_found" and body["parameter"] == "id" and body["message"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("bbox=1,2,3", "bbox"), ("bbox=10,10,0,0", "bbox"), ("bbox=1,2,3,inf", "bbox"),
        ("limit=100000", "limit"), ("limit=0", "limit"), ("limit=x", "limit"),
        ("offset=-1", "offset"), ("offset=1e3", "offset"), ("offset=99999999999999999999", "offset"),
        ("capability=laser", "capability"), ("surveillance_type=drone", "surveillance_type"),
        ("camera_type=fisheye", "camera_type"), ("status=gone", "status"),
        ("operator=%00", "operator"), ("source=a%00", "source"), ("callback=x", "callback"),
    ],
)
def test_bad_parameters_are_400_json(client, query, parameter):
    body = get(client, f"/api/v1/cameras?{query}", status=400, media_type="application/json")
    assert body["parameter"] == parameter
    assert body["error"] in {"invalid_parameter", "unknown_parameter", "inverted_bbox", "nul_character",
                             "bbox_out_of_range"}
    assert body["message"]


def test_detail_refuses_parameters(client, session):
    camera = make_camera(session)
    body = get(client, f"/api/v1/cameras/{camera.id}?x=1", status=400, media_type="application/json")
    assert body["parameter"] == "x"


def test_self_link_reproduces_the_page(client, demo):
    body = get(client, "/api/v1/cameras?camera_type=panning&limit=5&offset=5")
    self_href = next(link["href"] for link in body["links"] if link["rel"] == "self")
    assert get(client, self_href)["features"] == body["features"]


def test_a_full_page_takes_a_handful_of_queries(client, session, connection, demo):
    for name in ("A", "B", "C"):
        camera = make_camera(session, operator=name)
        _operator_wide_claim(session, camera.operator_id, "audio")
    geocoding.gazetteer_index(session)  # this process's gazetteer index, loaded once (not per page)
    statements: list[str] = []
    event.listen(connection, "before_cursor_execute", lambda *args: statements.append(args[2]))
    body = get(client, "/api/v1/cameras?limit=1000")
    statements = [s for s in statements if "SAVEPOINT" not in s]  # the test's own, per unit of work
    assert body["numberReturned"] == 224
    # 6 for the page, 1 for the ETag's registry version, 1 for the gazetteer's build (the streets)
    assert len(statements) <= 8, statements


def test_ogrinfo_reads_the_collection(client, demo, tmp_path):
    ogrinfo = shutil.which("ogrinfo") or shutil.which("/usr/bin/ogrinfo")
    if ogrinfo is None:
        pytest.skip("GDAL's ogrinfo is not installed (Debian package gdal-bin)")
    response = client.get("/api/v1/cameras?limit=1000")
    path = tmp_path / "cameras.geojson"
    path.write_bytes(response.get_data())
    result = subprocess.run([ogrinfo, "-ro", "-al", "-so", str(path)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Feature Count: 221" in result.stdout
    assert "Point" in result.stdout
