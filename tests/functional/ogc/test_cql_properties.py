"""Random CQL2 expressions over the queryables: the server's answer equals filtering the whole registry
in Python (SQL's three-valued logic; several-valued properties match when any value does)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, shape
from sqlalchemy import select

from cameramap.domain.records import ClaimRecord
from cameramap.storage.models import Camera
from tests.factories import make_camera

ITEMS = "/ogc/collections/cameras/items"
ENUMS = {"status": ["reported", "verified", "removed"], "camera_type": ["fixed", "dome", "panning"],
         "capability": ["night_vision", "face_recognition", "ptz_zoom"],
         "confidence": ["claimed", "likely", "confirmed"],
         "operator": ["Helsinki Police", "City & Co", "Zeta"],
         "source": ["Test source", "OSM"]}
MANY = {"capability", "confidence", "source"}
DAYS = [date(2019, 1, 1), date(2021, 6, 15), date(2023, 3, 1)]


@pytest.fixture
def registry(session, demo):
    """The demo plus a few cameras with heights, dates, operators and claims of every kind."""
    for i in range(12):
        make_camera(session, lon=24.93 + i / 500, lat=60.16 + i / 1000, height=[None, 2.5, 4.0, 6.0][i % 4],
                    first_seen=[None, *DAYS][i % 4], operator=ENUMS["operator"][i % 3] if i % 5 else None,
                    camera_type=ENUMS["camera_type"][i % 3],
                    claims=[ClaimRecord(ENUMS["capability"][i % 3], ENUMS["confidence"][i % 3], "sign", "x")]
                    if i % 4 else [])
    session.flush()
    return [_row(camera) for camera in session.scalars(select(Camera))]


def _row(camera: Camera) -> dict[str, Any]:
    operator_claims = [c for c in (camera.operator.claims if camera.operator else []) if c.camera_id is None]
    claims = [*camera.claims, *operator_claims]
    return {"id": camera.id, "lon": camera.lon, "lat": camera.lat, "status": camera.status,
            "camera_type": camera.camera_type, "height": camera.height, "first_seen": camera.first_seen,
            "operator": camera.operator.name if camera.operator else None,
            "capability": [c.capability for c in claims], "confidence": [c.confidence for c in claims],
            "source": [link.source.name for link in camera.provenance]}


def _prop(name: str) -> dict[str, str]:
    return {"property": name}


def _value(name: str) -> st.SearchStrategy[Any]:
    if name == "height":
        return st.sampled_from([2.5, 3, 4.0, 5.5, 6.0])
    if name == "first_seen":
        return st.sampled_from(DAYS + [date(2021, 1, 1)]).map(lambda d: {"date": d.isoformat()})
    return st.sampled_from(ENUMS[name])


@st.composite
def predicates(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from([*ENUMS, "height", "first_seen", "geometry"]))
    if name == "geometry":
        west, south = draw(st.floats(24.92, 24.96)), draw(st.floats(60.155, 60.175))
        size = draw(st.floats(0.001, 0.03))
        if draw(st.booleans()):
            area = {"bbox": [west, south, west + size, south + size / 2]}
        else:
            area = {"type": "Polygon", "coordinates": [[[west, south], [west + size, south],
                                                        [west, south + size], [west, south]]]}
        return {"op": "s_intersects", "args": [_prop(name), area]}
    kind = draw(st.sampled_from(["=", "<>", "<", ">=", "in", "isNull", "like", "between"]))
    if kind == "isNull":
        return {"op": "isNull", "args": [_prop(name)]}
    if kind == "in":
        return {"op": "in", "args": [_prop(name), draw(st.lists(_value(name), min_size=1, max_size=3))]}
    if kind == "like" and name in ENUMS:
        text = draw(_value(name))
        return {"op": "like", "args": [_prop(name), text[: draw(st.integers(0, 4))] + draw(
            st.sampled_from(["%", "_%", ""]))]}
    if kind == "between" and name in ("height", "first_seen"):
        low, high = sorted([draw(_value(name)), draw(_value(name))], key=str)
        return {"op": "between", "args": [_prop(name), low, high]}
    return {"op": kind if kind not in ("like", "between") else "=", "args": [_prop(name), draw(_value(name))]}


expressions = st.recursive(predicates(), lambda inner: st.one_of(
    st.builds(lambda a, b, op: {"op": op, "args": [a, b]}, inner, inner, st.sampled_from(["and", "or"])),
    st.builds(lambda a: {"op": "not", "args": [a]}, inner)), max_leaves=5)


def _literal(value: Any) -> Any:
    return date.fromisoformat(value["date"]) if isinstance(value, dict) else value


def _like(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern), re.S)


def _test(row: dict[str, Any], name: str, check) -> bool | None:
    if name in MANY:
        return any(check(value) for value in row[name])
    return None if row[name] is None else bool(check(row[name]))


def evaluate(node: dict[str, Any], row: dict[str, Any]) -> bool | None:
    op, args = node["op"], node["args"]
    if op in ("and", "or"):
        a, b = evaluate(args[0], row), evaluate(args[1], row)
        if op == "and":
            return False if False in (a, b) else (None if None in (a, b) else True)
        return True if True in (a, b) else (None if None in (a, b) else False)
    if op == "not":
        value = evaluate(args[0], row)
        return None if value is None else not value
    name = args[0]["property"]
    if op == "s_intersects":
        area = args[1]
        geometry = shape(area) if "type" in area else shape({"type": "Polygon", "coordinates": [[
            [area["bbox"][0], area["bbox"][1]], [area["bbox"][2], area["bbox"][1]],
            [area["bbox"][2], area["bbox"][3]], [area["bbox"][0], area["bbox"][3]],
            [area["bbox"][0], area["bbox"][1]]]]})
        return geometry.intersects(Point(row["lon"], row["lat"]))
    if op == "isNull":
        return not row[name] if name in MANY else row[name] is None
    if op == "in":
        return _test(row, name, lambda v: v in [_literal(x) for x in args[1]])
    if op == "like":
        return _test(row, name, lambda v: _like(args[1]).fullmatch(v) is not None)
    if op == "between":
        return _test(row, name, lambda v: _literal(args[1]) <= v <= _literal(args[2]))
    compare = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b,
               ">=": lambda a, b: a >= b}[op]
    return _test(row, name, lambda v: compare(v, _literal(args[1])))


def _names(node: Any) -> set[str]:
    if isinstance(node, dict):
        return {node["property"]} if "property" in node else set().union(*map(_names, node.get("args", [])))
    return set().union(*map(_names, node)) if isinstance(node, list) else set()


@given(expression=expressions)
@settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_random_cql2_matches_python(client, registry, expression):
    response = client.get(ITEMS, query_string={"filter": orjson.dumps(expression).decode(),
                                               "filter-lang": "cql2-json", "limit": 1000})
    assert response.status_code == 200, response.get_data(as_text=True)
    served = {int(f["id"]) for f in orjson.loads(response.data)["features"]}
    with_removed = "status" in _names(expression)
    expected = {row["id"] for row in registry if evaluate(expression, row) is True
                and (with_removed or row["status"] != "removed")}
    assert served == expected, expression
