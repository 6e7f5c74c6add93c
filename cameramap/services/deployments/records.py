"""Deployment use cases: create, place, edit, change status and revert, each leaving a revision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.deployments import DeploymentRecord
from ...domain.errors import NotFound, UsageError
from ...domain.geo import Point
from ...domain.records import Actor
from ...storage.deployments import Deployment, DeploymentRevision
from ...storage.models import Vendor
from ..registry import edits, revisions
from ..registry.cameras import operator_named
from ..registry.revisions import Tracked

MAX_ID = 2**31 - 1
PLACE_FIELDS = ("geometry", "lon", "lat", "west", "south", "east", "north", "location_status")
VALUE_FIELDS = (
    "location_text", "starts_at", "ends_at", "timezone", "system", "vendor", "use_case", "watchlist_size",
    "threshold", "faces_scanned", "true_alerts_confirmed", "true_alerts_unconfirmed",
    "false_alerts_confirmed", "false_alerts_unconfirmed", "arrests", "source_page", "source_row", "notes",
    "tags",
)
DEPLOYMENTS = Tracked(
    ("status", "operator_id", "vendor_id", *PLACE_FIELDS, *VALUE_FIELDS), DeploymentRevision,
    "deployment_id", instants=frozenset({"starts_at", "ends_at"}),
)
GEOMETRY_TYPES = {"Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def placement(geometry: dict[str, Any] | None) -> dict[str, Any]:
    """The place columns for a GeoJSON geometry in lon/lat (checked), or the pending ones for None."""
    if geometry is None:
        return {name: None for name in PLACE_FIELDS[:-1]} | {"location_status": "pending"}
    if geometry.get("type") not in GEOMETRY_TYPES:
        raise UsageError(f"a deployment's place is one of {sorted(GEOMETRY_TYPES)}", parameter="geometry")
    from shapely.geometry import shape  # on first use: serving processes do not load shapely

    try:
        figure = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as err:
        raise UsageError(f"not a GeoJSON geometry: {err}", parameter="geometry") from None
    west, south, east, north = figure.bounds
    if figure.is_empty or not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise UsageError("a deployment's place must be in lon/lat (WGS84)", parameter="geometry")
    marker = figure.representative_point()
    return {"geometry": geometry, "lon": round(marker.x, 7), "lat": round(marker.y, 7), "west": west,
            "south": south, "east": east, "north": north, "location_status": "placed"}


def point_geometry(point: Point) -> dict[str, Any]:
    lon, lat = point.rounded()
    return {"type": "Point", "coordinates": [lon, lat]}


def _vendor_id(session: Session, *names: str | None) -> int | None:
    wanted = [n.strip() for n in names if n and n.strip()]
    if not wanted:
        return None
    # "system" sorts before "vendor": the system named (NEC NeoFace Live) before its maker (NEC)
    return session.scalar(select(Vendor.id).where(Vendor.name.in_(wanted)).order_by(Vendor.kind))


def record_values(session: Session, record: DeploymentRecord) -> dict[str, Any]:
    """The columns a record sets (its place only when it has one: a pending place is kept)."""
    values: dict[str, Any] = {name: getattr(record, name) for name in VALUE_FIELDS
                              if name not in ("starts_at", "ends_at", "timezone")}
    values |= {"starts_at": record.window.start, "ends_at": record.window.end,
               "timezone": record.window.timezone}
    operator = operator_named(session, record.operator)
    values["operator_id"] = operator.id if operator else None
    values["vendor_id"] = _vendor_id(session, record.system, record.vendor)
    geometry = record.geometry or (point_geometry(record.point) if record.point else None)
    if geometry is not None:
        values |= placement(geometry)
    return values


def add_deployment(session: Session, values: dict[str, Any], actor: Actor,
                   reason: str | None = None) -> Deployment:
    """Insert a deployment and its `create` revision."""
    deployment = Deployment(status="reported", **(placement(None) | values))
    session.add(deployment)
    revisions.record(session, deployment, "create", None, actor, reason, tracked=DEPLOYMENTS)
    return deployment


def apply_changes(session: Session, deployment: Deployment, values: dict[str, Any], actor: Actor,
                  reason: str | None = None) -> bool:
    """Set changed values and write an `update` revision; False when nothing changed."""
    return edits.apply_changes(session, DEPLOYMENTS, deployment, values, actor, reason)


def change_status(session: Session, deployment_id: int, status: str, actor: Actor,
                  reason: str | None = None) -> Deployment:
    """Moderate: move a deployment along the lifecycle (the cameras' table)."""
    deployment = get_deployment(session, deployment_id)
    return edits.change_status(session, DEPLOYMENTS, deployment, status, actor, reason)


def revert(session: Session, revision_id: int, actor: Actor, reason: str | None = None) -> Deployment:
    """Restore the values a revision replaced; the revert is itself a revision."""
    return edits.revert(session, DEPLOYMENTS, revision_id, actor, reason)


def get_deployment(session: Session, deployment_id: int) -> Deployment:
    deployment = session.get(Deployment, deployment_id) if 0 < deployment_id <= MAX_ID else None
    if deployment is None:
        raise NotFound(f"no deployment with id {deployment_id}", parameter="id")
    return deployment
