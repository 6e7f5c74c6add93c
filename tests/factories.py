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
