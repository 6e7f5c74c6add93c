"""GeoJSON serializers: RFC 7946 shapes, rounding, inherited claims, public revisions."""

from datetime import UTC, date, datetime

import orjson

from cameramap.api import geojson
from cameramap.storage.models import Camera, CapabilityClaim, Operator, Provenance, Revision, Source

OSM = Source(id=1, name="OSM", kind="osm", licence="ODbL-1.0", attribution="© OSM", url="https://osm.org")
CITY = Source(id=2, name="City", kind="open_data", licence="CC0-1.0")
POLICE = Operator(id=5, name="Helsinki Police", kind="police")


def camera(**overrides) -> Camera:
    values = {
        "id": 123, "lon": 24.940212345678, "lat": 60.171349999996, "surveillance_type": "ALPR",
        "camera_type": "fixed", "camera_mount": "pole", "camera_direction": "90;180", "height": 4.0,
        "status": "removed", "removed_at": date(2024, 5, 1), "first_seen": date(2020, 1, 1),
        "operator": POLICE, "operator_id": 5, "notes": "near the station",
        "updated_at": datetime(2024, 5, 1, 13, 45, tzinfo=UTC),
    }
    values.update(overrides)
    item = Camera(**values)
    item.claims = [CapabilityClaim(id=1, capability="licence_plate_recognition", confidence="likely",
                                   evidence_kind="osm_tag", evidence_text="surveillance:type=ALPR")]
    item.provenance = [
        Provenance(id=1, source=OSM, source_record_id="node/1", tags={"man_made": "surveillance"},
                   missing_from_source=False),
        Provenance(id=2, source=CITY, source_record_id="c-9", tags={"kamera": "1"},
                   missing_from_source=True),
        Provenance(id=3, source=OSM, source_record_id="node/2", tags={"height": "4"},
                   missing_from_source=False),
    ]
    return item


OPERATOR_WIDE = [CapabilityClaim(id=9, operator_id=5, capability="face_recognition",
                                 confidence="claimed", evidence_kind="news",
                                 evidence_url="https://news.example/x", vendor="Acme")]


def test_feature_is_an_rfc7946_point_rounded_to_seven_decimals():
    body = geojson.feature(camera())
    assert body["type"] == "Feature" and body["id"] == "123"
    assert body["geometry"] == {"type": "Point", "coordinates": [24.9402123, 60.17135]}


def test_properties_follow_the_contract():
    props = geojson.feature(camera())["properties"]
    assert props["id"] == "123" and props["marker"] == "ALPR"
    assert props["camera_direction"] == "90;180"
    assert props["bearings"] == [{"degrees": 90.0, "width": 0.0}, {"degrees": 180.0, "width": 0.0}]
    assert props["operator"] == {"id": "5", "name": "Helsinki Police", "kind": "police"}
    assert (props["status"], props["removed_at"], props["first_seen"]) == ("removed", "2024-05-01",
                                                                           "2020-01-01")
    assert props["last_verified"] is None
    assert props["url"] == "/cameras/123" and props["updated_at"] == "2024-05-01"


def test_marker_comes_from_camera_type_when_not_alpr_or_guard():
    assert geojson.feature(camera(surveillance_type="camera", camera_type="dome"))["properties"][
        "marker"] == "dome"
    assert geojson.feature(camera(surveillance_type=None, camera_type=None))["properties"][
        "marker"] == "unknown"


def test_unreadable_direction_gives_no_bearing_not_an_error():
    assert geojson.feature(camera(camera_direction="sideways"))["properties"]["bearings"] == []


def test_operator_wide_claims_are_marked_inherited():
    claims = geojson.feature(camera(), OPERATOR_WIDE)["properties"]["capabilities"]
    assert [(c["capability"], c["inherited"]) for c in claims] == [
        ("licence_plate_recognition", False), ("face_recognition", True)]
    assert claims[0]["evidence"] == {"kind": "osm_tag", "text": "surveillance:type=ALPR", "url": None}
    assert claims[1]["vendor"] == "Acme" and claims[1]["evidence"]["url"] == "https://news.example/x"


def test_sources_name_licence_and_record():
    sources = geojson.feature(camera())["properties"]["sources"]
    assert sources[0] == {"name": "OSM", "kind": "osm", "licence": "ODbL-1.0", "attribution": "© OSM",
                          "url": "https://osm.org", "source_id": "node/1", "missing_from_source": False}
    assert sources[1]["missing_from_source"] is True


def test_no_operator_is_null():
    assert geojson.feature(camera(operator=None, operator_id=None))["properties"]["operator"] is None


def test_detail_merges_tags_per_source_and_lists_revisions_without_who():
    item = camera()
    item.revisions = [Revision(id=4, action="status", before={"status": "reported", "notes": "x"},
                               after={"status": "removed", "notes": "x"}, actor_kind="moderator",
                               actor_name="alice@example.org", reason="gone",
                               created_at=datetime(2024, 5, 1, 13, 45, 12, tzinfo=UTC))]
    props = geojson.detail_feature(item)["properties"]
    assert props["tags"] == {"OSM": {"man_made": "surveillance", "height": "4"}, "City": {"kamera": "1"}}
    assert props["revisions"] == [{"id": "4", "action": "status", "date": "2024-05-01",
                                   "actor_kind": "moderator", "changes": {"status": ["reported", "removed"]},
                                   "reason": "gone"}]
    assert "alice" not in orjson.dumps(props).decode()


def test_creation_revision_lists_every_value_set():
    revision = Revision(id=1, action="create", before=None, after={"lon": 1.0, "notes": None},
                        actor_kind="import", created_at=datetime(2024, 1, 2, tzinfo=UTC))
    assert geojson.revision(revision)["changes"] == {"lon": [None, 1.0]}


def test_collection_counts_and_serializes():
    features = [geojson.feature(camera()), geojson.feature(camera(id=124))]
    body = geojson.collection(features, 10, [{"rel": "self", "href": "x", "type": geojson.GEOJSON}])
    assert body["type"] == "FeatureCollection"
    assert (body["numberMatched"], body["numberReturned"]) == (10, 2)
    assert body["timeStamp"].endswith("Z")
    datetime.strptime(body["timeStamp"], "%Y-%m-%dT%H:%M:%SZ")
    assert orjson.loads(geojson.dumps(body)) == body
