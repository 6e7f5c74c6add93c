"""The camera properties a CQL2 filter may name (OGC API - Features Part 3 queryables)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .vocabulary import CameraStatus, CameraType, Capability, Confidence, SurveillanceType

# Kinds of values: a JSON Schema type, or a string format for dates and geometry.
STRING, NUMBER, INTEGER, DATE, DATE_TIME, GEOMETRY = "string", "number", "integer", "date", "date-time", \
    "geometry"


@dataclass(frozen=True, slots=True)
class Queryable:
    """One filterable property: its kind, whether a camera has several values, its vocabulary."""

    name: str
    kind: str
    title: str
    many: bool = False
    vocabulary: type[StrEnum] | None = None

    def values(self) -> tuple[str, ...]:
        return tuple(item.value for item in self.vocabulary) if self.vocabulary else ()


QUERYABLES: dict[str, Queryable] = {item.name: item for item in (
    Queryable("geometry", GEOMETRY, "The camera's location (a point)"),
    Queryable("id", INTEGER, "The camera's id"),
    Queryable("status", STRING, "Lifecycle status; removed cameras match only a filter that names status",
              vocabulary=CameraStatus),
    Queryable("surveillance_type", STRING, "OSM surveillance:type", vocabulary=SurveillanceType),
    Queryable("surveillance", STRING, "OSM surveillance (public, outdoor, indoor ...)"),
    Queryable("surveillance_zone", STRING, "OSM surveillance:zone"),
    Queryable("camera_type", STRING, "OSM camera:type", vocabulary=CameraType),
    Queryable("camera_mount", STRING, "OSM camera:mount"),
    Queryable("camera_direction", STRING, "Direction as tagged (degrees, ranges or compass points)"),
    Queryable("camera_angle", NUMBER, "Tilt from horizontal, degrees"),
    Queryable("height", NUMBER, "Height above ground, metres"),
    Queryable("manufacturer", STRING, "Manufacturer or brand"),
    Queryable("model", STRING, "Model"),
    Queryable("operator", STRING, "The operator's name"),
    Queryable("capability", STRING, "A capability claimed for the camera, by its own claim or its "
              "operator's (any of them matches)", many=True, vocabulary=Capability),
    Queryable("confidence", STRING, "The confidence of any of the camera's own or inherited claims",
              many=True, vocabulary=Confidence),
    Queryable("source", STRING, "The name of a source that describes the camera (any of them matches)",
              many=True),
    Queryable("first_seen", DATE, "First seen (OSM start_date)"),
    Queryable("last_verified", DATE, "Last verified (OSM check_date)"),
    Queryable("removed_at", DATE, "When the camera was found removed"),
    Queryable("updated_at", DATE_TIME, "Last change to the record"),
)}
