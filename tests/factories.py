"""Test factories with sensible defaults; each goes through the services like real data does."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from cameramap.domain.geo import Point
from cameramap.domain.records import CameraRecord, ClaimRecord, SourceSpec
from cameramap.services.imports.store import import_records
from cameramap.storage.models import Camera, Provenance

_ids = itertools.count(1)

TEST_SOURCE = SourceSpec(name="Test source", kind="open_data", url="https://example.org/data",
                         licence="CC-BY-4.0", attribution="Example City")


def camera_record(**overrides: Any) -> CameraRecord:
    values: dict[str, Any] = {
        "point": Point(24.9402, 60.1713),
        "source_record_id": f"rec-{next(_ids)}",
        "surveillance_type": "camera",
        "camera_type": "fixed",
        "camera_mount": "wall",
        "camera_direction": "90",
        "operator": "Helsinki Police",
        "notes": None,
        "claims": [ClaimRecord("night_vision", "claimed", "sign", "sign says infrared")],
    }
    if "lon" in overrides or "lat" in overrides:
        values["point"] = Point(overrides.pop("lon", 24.9402), overrides.pop("lat", 60.1713))
    values.update(overrides)
    return CameraRecord(**values)


def make_camera(session: Session, source: SourceSpec = TEST_SOURCE, **overrides: Any) -> Camera:
    """Create one camera through the import service and return it."""
    record = camera_record(**overrides)
    import_records(session, source, [record], complete=False)
    link = session.query(Provenance).filter_by(source_record_id=record.source_record_id).one()
    return link.camera


def make_deployment(session: Session, location: str = "Oxford Circus",
                    day: tuple[int, int, int] = (2025, 1, 8), start: tuple[int, int] = (11, 0),
                    minutes: int = 287, geometry: dict[str, Any] | None = None,
                    operator: str | None = "Metropolitan Police Service", **values: Any) -> Any:
    """A deployment through the service (Europe/London times), placed at `geometry` (default: a point at
    Oxford Circus; `{}`: left pending)."""
    from datetime import date, time, timedelta

    from cameramap.domain.deployments import window
    from cameramap.domain.records import Actor
    from cameramap.services.deployments import records
    from cameramap.services.registry.cameras import operator_named

    span = window(date(*day), time(*start), "Europe/London", duration=timedelta(minutes=minutes))
    where = geometry if geometry is not None else {"type": "Point", "coordinates": [-0.1419, 51.5152]}
    place = records.placement(where) if where else {}
    owner = operator_named(session, operator)
    base = {"location_text": location, "starts_at": span.start, "ends_at": span.end,
            "timezone": span.timezone, "operator_id": owner.id if owner else None,
            "system": "NEC NeoFace Live"}
    deployment = records.add_deployment(session, base | place | values, Actor("import", "test"))
    session.flush()
    return deployment
