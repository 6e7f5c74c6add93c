"""The camera properties a CQL2 filter may name (OGC API - Features Part 3 queryables)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .texts import N_
from .vocabulary import CameraStatus, CameraType, Capability, Confidence, SurveillanceType

# Kinds of values: a JSON Schema type, or a string format for dates and geometry.
STRING, NUMBER, INTEGER, DATE, DATE_TIME, GEOMETRY = "string", "number", "integer", "date", "date-time", \
    "geometry"


@dataclass(frozen=True, slots=True)
class Queryable:
    """One filterable property: its kind, whether a camera has several values, its vocabulary."""

    name: str
    kind: str
    title: str  # marked (texts.N_): English in the JSON Schema, translated on its HTML page
    many: bool = False
    vocabulary: type[StrEnum] | None = None

    def values(self) -> tuple[str, ...]:
        return tuple(item.value for item in self.vocabulary) if self.vocabulary else ()


QUERYABLES: dict[str, Queryable] = {item.name: item for item in (
    Queryable("geometry", GEOMETRY, N_("The camera's location (a point)")),
    Queryable("id", INTEGER, N_("The camera's id")),
    Queryable("status", STRING, N_("Lifecycle status; removed cameras match only a filter that names status"),
              vocabulary=CameraStatus),
    Queryable("surveillance_type", STRING, N_("OSM surveillance:type"), vocabulary=SurveillanceType),
    Queryable("surveillance", STRING, N_("OSM surveillance (public, outdoor, indoor ...)")),
    Queryable("surveillance_zone", STRING, N_("OSM surveillance:zone")),
    Queryable("camera_type", STRING, N_("OSM camera:type"), vocabulary=CameraType),
    Queryable("camera_mount", STRING, N_("OSM camera:mount")),
    Queryable("camera_direction", STRING, N_("Direction as tagged (degrees, ranges or compass points)")),
    Queryable("camera_angle", NUMBER, N_("Tilt from horizontal, degrees")),
    Queryable("height", NUMBER, N_("Height above ground, metres")),
    Queryable("manufacturer", STRING, N_("Manufacturer or brand")),
    Queryable("model", STRING, N_("Model")),
    Queryable("operator", STRING, N_("The operator's name")),
    Queryable("capability", STRING, N_("A capability claimed for the camera, by its own claim or its "
                                       "operator's (any of them matches)"), many=True, vocabulary=Capability),
    Queryable("confidence", STRING, N_("The confidence of any of the camera's own or inherited claims"),
              many=True, vocabulary=Confidence),
    Queryable("source", STRING,
              N_("The name of a source that describes the camera (any of them matches)"), many=True),
    Queryable("first_seen", DATE, N_("First seen (OSM start_date)")),
    Queryable("last_verified", DATE, N_("Last verified (OSM check_date)")),
    Queryable("removed_at", DATE, N_("When the camera was found removed")),
    Queryable("updated_at", DATE_TIME, N_("Last change to the record")),
)}
