"""GeoJSON (RFC 7946) serializers for cameras: plain dicts, ready for orjson."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import orjson

from ..domain.direction import parse_direction
from ..domain.errors import UsageError
from ..domain.geo import COORD_DECIMALS
from ..domain.vocabulary import marker_kind
from ..storage.models import Camera, CapabilityClaim, Operator, Provenance, Revision

GEOJSON = "application/geo+json"
JSON = "application/json"

PLAIN_FIELDS = (
    "surveillance_type", "surveillance", "surveillance_zone", "camera_type", "camera_mount",
    "camera_direction",
)
DETAIL_FIELDS = ("camera_angle", "height", "manufacturer", "model")


def dumps(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body)


def iso_date(value: date | datetime | None) -> str | None:
    """Dates only in public output (timestamps are coarsened to the day)."""
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def timestamp() -> str:
    return _second(int(time.time()))


@lru_cache(maxsize=1)
def _second(epoch: int) -> str:
    """The UTC second as text, formatted once per second (every map view carries one)."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def bearings(direction: str | None) -> list[dict[str, float]]:
    try:
        return [{"degrees": b.degrees, "width": b.width} for b in parse_direction(direction)]
    except UsageError:
        return []


def operator_ref(operator: Operator | None) -> dict[str, str] | None:
    if operator is None:
        return None
    return {"id": str(operator.id), "name": operator.name, "kind": operator.kind}


def claim(item: CapabilityClaim, inherited: bool) -> dict[str, Any]:
    return {
        "capability": item.capability,
        "confidence": item.confidence,
        "evidence": {"kind": item.evidence_kind, "text": item.evidence_text, "url": item.evidence_url},
        "vendor": item.vendor,
        "inherited": inherited,
    }


def source_ref(link: Provenance) -> dict[str, Any]:
    source = link.source
    return {
        "name": source.name, "kind": source.kind, "licence": source.licence,
        "attribution": source.attribution, "url": source.url,
        "source_id": link.source_record_id, "missing_from_source": bool(link.missing_from_source),
    }


def feature(camera: Camera, inherited: Sequence[CapabilityClaim] = ()) -> dict[str, Any]:
    """A camera as a GeoJSON Feature; operator-wide claims are listed as inherited."""
    ident = str(camera.id)
    properties: dict[str, Any] = {"id": ident, "marker": marker_kind(camera.surveillance_type,
                                                                      camera.camera_type)}
    properties.update({name: getattr(camera, name) for name in PLAIN_FIELDS})
    properties["bearings"] = bearings(camera.camera_direction)
    properties.update({name: getattr(camera, name) for name in DETAIL_FIELDS})
    properties.update({
        "operator": operator_ref(camera.operator),
        "status": camera.status,
        "removed_at": iso_date(camera.removed_at),
        "first_seen": iso_date(camera.first_seen),
        "last_verified": iso_date(camera.last_verified),
        "notes": camera.notes,
        "capabilities": [claim(c, False) for c in camera.claims]
        + [claim(c, True) for c in inherited],
        "sources": [source_ref(link) for link in camera.provenance],
        "url": f"/cameras/{ident}",
        "updated_at": iso_date(camera.updated_at),
    })
    lon, lat = round(camera.lon, COORD_DECIMALS), round(camera.lat, COORD_DECIMALS)
    return {"type": "Feature", "id": ident, "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}


def revision(item: Revision) -> dict[str, Any]:
    """A revision for the public: what changed, when (a date) and why; never who submitted it."""
    before, after = item.before or {}, item.after or {}
    changes = {name: [before.get(name), value] for name, value in after.items()
               if before.get(name) != value}
    return {"id": str(item.id), "action": item.action, "date": iso_date(item.created_at),
            "actor_kind": item.actor_kind, "changes": changes, "reason": item.reason}


def detail_feature(camera: Camera, inherited: Sequence[CapabilityClaim] = ()) -> dict[str, Any]:
    """The detail Feature: adds raw source tags (merged per source) and the revision history."""
    body = feature(camera, inherited)
    tags: dict[str, dict[str, Any]] = {}
    for link in camera.provenance:
        tags.setdefault(link.source.name, {}).update(link.tags or {})
    body["properties"]["tags"] = tags
    body["properties"]["revisions"] = [revision(r) for r in camera.revisions]
    return body


def collection(features: list[dict[str, Any]], matched: int,
               links: Iterable[dict[str, str]]) -> dict[str, Any]:
    """A FeatureCollection with OGC API style paging members."""
    return {"type": "FeatureCollection", "features": features, "numberMatched": matched,
            "numberReturned": len(features), "timeStamp": timestamp(), "links": list(links)}
