"""JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of every API v1 body, built from the vocabulary."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ..domain.texts import N_
from ..domain.vocabulary import MARKER_KINDS, CameraStatus, Capability, Confidence
from ..services.registry.changes import KINDS

Schema = dict[str, Any]

TEXT: Schema = {"type": "string"}
NULLABLE_TEXT: Schema = {"type": ["string", "null"]}
NULLABLE_NUMBER: Schema = {"type": ["number", "null"]}
DATE: Schema = {"type": "string", "format": "date"}
NULLABLE_DATE: Schema = {"type": ["string", "null"], "format": "date"}
ID: Schema = {"type": "string", "pattern": "^[0-9]+$", "description": N_("a stable numeric id, as text")}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def enum(values: type[StrEnum] | tuple[str, ...]) -> Schema:
    return {"type": "string", "enum": [getattr(v, "value", v) for v in values]}


def obj(properties: dict[str, Schema], required: tuple[str, ...] | None = None,
        description: str | None = None) -> Schema:
    """A closed object; every property required unless `required` names fewer."""
    schema: Schema = {"type": "object", "properties": properties,
                      "required": list(properties if required is None else required),
                      "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


LINK = obj({"rel": TEXT, "href": TEXT, "type": TEXT, "title": TEXT}, ("rel", "href"))
ERROR = obj({"error": {"type": "string", "description": N_("a machine-readable code")},
             "message": {"type": "string", "description": N_("a sentence for people")},
             "parameter": {"type": "string", "description": N_("the parameter or field at fault")}},
            ("error", "message"), N_("The one error format of every endpoint."))
POINT = obj({"type": {"const": "Point"},
             "coordinates": {"type": "array", "prefixItems": [
                 {"type": "number", "minimum": -180, "maximum": 180},
                 {"type": "number", "minimum": -90, "maximum": 90}],
                 "minItems": 2, "maxItems": 2, "description": N_("[longitude, latitude] in WGS84")}})
BEARING = obj({"degrees": {"type": "number"}, "width": {"type": "number"}})
OPERATOR_REF = {"oneOf": [obj({"id": ID, "name": TEXT, "kind": TEXT}), {"type": "null"}]}
CLAIM = obj({
    "capability": enum(Capability), "confidence": enum(Confidence),
    "evidence": obj({"kind": NULLABLE_TEXT, "text": NULLABLE_TEXT, "url": NULLABLE_TEXT}),
    "vendor": NULLABLE_TEXT,
    "inherited": {"type": "boolean", "description": N_("an operator-wide claim, not the camera's own")},
})
SOURCE_REF = obj({"name": TEXT, "kind": TEXT, "licence": NULLABLE_TEXT, "attribution": NULLABLE_TEXT,
                  "url": NULLABLE_TEXT, "source_id": TEXT, "missing_from_source": {"type": "boolean"}})

CAMERA_PROPERTIES: dict[str, Schema] = {
    "id": ID, "marker": enum(MARKER_KINDS),
    **{name: NULLABLE_TEXT for name in ("surveillance_type", "surveillance", "surveillance_zone",
                                         "camera_type", "camera_mount", "camera_direction")},
    "bearings": array(ref("Bearing")),
    "camera_angle": NULLABLE_NUMBER, "height": NULLABLE_NUMBER,
    "manufacturer": NULLABLE_TEXT, "model": NULLABLE_TEXT,
    "operator": ref("OperatorRef"), "status": enum(CameraStatus),
    "removed_at": NULLABLE_DATE, "first_seen": NULLABLE_DATE, "last_verified": NULLABLE_DATE,
    "notes": NULLABLE_TEXT, "capabilities": array(ref("Claim")), "sources": array(ref("SourceRef")),
    "url": TEXT, "updated_at": NULLABLE_DATE,
}
NEAREST_STREET: Schema = {
    "type": ["string", "null"],
    "description": N_("the nearest address (within 100 m) or else street (within 200 m) from the offline "
                      "gazetteer, e.g. \"Aleksanterinkatu 52\"; null when none is that near. Given in the "
                      "pages of GET /cameras (one lookup for the whole page) and for one camera"),
}
PHOTO: Schema = {"oneOf": [obj({"url": {"type": "string", "description": N_("the photo on this server")},
                                "width": {"type": "integer", "minimum": 1},
                                "height": {"type": "integer", "minimum": 1}}),
                           {"type": "null"}],
                 "description": N_("the first photo a visitor sent of this camera that moderators accepted")}
REVISION = obj({
    "id": ID, "action": TEXT, "date": NULLABLE_DATE, "actor_kind": TEXT,
    "changes": {"type": "object", "description": N_("field -> [before, after]"),
                "additionalProperties": {"type": "array", "minItems": 2, "maxItems": 2}},
    "reason": NULLABLE_TEXT,
})


def feature(properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    required = tuple(name for name in properties if name not in optional)
    return obj({"type": {"const": "Feature"}, "id": ID, "geometry": ref("Point"),
                "properties": obj(properties, required)})


def collection(items: str, item_schema: Schema) -> Schema:
    return obj({"type": {"const": "FeatureCollection"}, items: array(item_schema),
                "numberMatched": {"type": "integer", "minimum": 0},
                "numberReturned": {"type": "integer", "minimum": 0},
                "timeStamp": {"type": "string", "format": "date-time"},
                "links": array(ref("Link"))})


# A map view (GET /cameras?bbox=&zoom=, ?tile=z/x/y, /cameras/tiles/{z}/{x}/{y}; api/views.py).
BRIEF_PROPERTIES: dict[str, Schema] = {
    "marker": enum(MARKER_KINDS), "status": enum(CameraStatus),
    "bearings": {**array({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}),
                 "description": N_("[degrees clockwise from north, width in degrees] of each view; absent "
                                   "when the camera has no direction")},
    "camera_angle": {"type": "number", "description": N_("tilt from horizontal; absent when not known")},
    "height": {"type": "number", "description": N_("metres; absent when not known")},
    "capabilities": {"type": "object", "additionalProperties": enum(Confidence),
                     "description": N_("badges: capability -> the strongest confidence of the camera's and "
                                       "its operator's claims; absent when none")},
}
BRIEF_CAMERA = obj({"type": {"const": "Feature"}, "id": ID, "geometry": ref("Point"),
                    "properties": obj(BRIEF_PROPERTIES, required=("marker", "status"))},
                   description=N_("A camera in a map view: only what the marker draws (about 150 bytes); "
                                  "its full record is at /cameras/{camera_id}"))
COUNTS: Schema = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}}
BBOX: Schema = {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4,
                "description": N_("[west, south, east, north] in WGS84")}
CLUSTER = obj({
    "type": {"const": "Feature"},
    "id": {"type": "string", "pattern": "^cluster-[0-9]+-[0-9]+-[0-9]+$",
           "description": N_("cluster-<cell level>-<x>-<y>")},
    "bbox": {**BBOX, "description": N_("the extent of the cameras in the cell; zoom to it to split the "
                                       "group")},
    "geometry": ref("Point"),
    "properties": obj({"cluster": {"const": True}, "count": {"type": "integer", "minimum": 2},
                       "markers": {**COUNTS, "description": N_("marker kind -> cameras")},
                       "capabilities": {**COUNTS, "description": N_("capability -> cameras claiming it")},
                       "statuses": {**COUNTS, "description": N_("status -> cameras")}}),
}, description=N_("Two or more cameras of one cluster cell, at their centroid (a cell holding one camera "
                  "is that camera's feature)"))
VIEW = obj({
    "type": {"const": "FeatureCollection"},
    "features": array({"oneOf": [ref("BriefCamera"), ref("CameraCluster")]}),
    "numberMatched": {"type": "integer", "minimum": 0, "description": N_("cameras in the snapped area")},
    "numberReturned": {"type": "integer", "minimum": 0},
    "clustered": {"type": "boolean",
                  "description": N_("true when the area holds more cameras than limit: cells of two or more "
                                    "are CameraCluster features")},
    "zoom": {"type": "integer", "minimum": 0, "maximum": 22},
    "bbox": {**BBOX, "description": N_("the area answered: the request's bbox (or tile) snapped outward to "
                                       "whole cluster cells")},
    "timeStamp": {"type": "string", "format": "date-time"},
    "links": array(ref("Link")),
}, description=N_("A map view: every camera of the snapped area as a point, or clusters above the cap"))

OPERATOR_FIELDS: dict[str, Schema] = {
    "id": ID, "name": TEXT, "kind": TEXT,
    **{name: NULLABLE_TEXT for name in ("jurisdiction", "website", "data_controller", "legal_basis",
                                         "retention_period", "access_contact", "notes")},
    "camera_count": {"type": "integer", "minimum": 0}, "url": TEXT, "updated_at": NULLABLE_DATE,
}
PAGE_MEMBERS: dict[str, Schema] = {
    "numberMatched": {"type": "integer", "minimum": 0},
    "numberReturned": {"type": "integer", "minimum": 0},
    "timeStamp": {"type": "string", "format": "date-time"}, "links": array(ref("Link")),
}
CHANGE = obj({
    "cursor": {"type": "string", "description": N_("resume after this change with ?since=<cursor>")},
    "kind": enum(KINDS), "camera_id": ID, "revision_id": {"type": ["string", "null"]},
    "date": NULLABLE_DATE,
    "feature": {"oneOf": [ref("Camera"), {"type": "null"}], "description": N_("the camera as it is now")},
})
EXPORT_FORMAT = obj({"format": TEXT, "href": TEXT, "type": TEXT, "title": TEXT})

COMPONENTS: dict[str, Schema] = {
    "Error": ERROR, "Link": LINK, "Point": POINT, "Bearing": BEARING, "OperatorRef": OPERATOR_REF,
    "Claim": CLAIM, "SourceRef": SOURCE_REF, "Revision": REVISION,
    "Camera": feature({**CAMERA_PROPERTIES, "nearest_street": NEAREST_STREET}, ("nearest_street",)),
    "CameraDetail": feature({**CAMERA_PROPERTIES,
                             "nearest_street": NEAREST_STREET, "photo": PHOTO,
                             "tags": {"type": "object", "description": N_("raw tags per source name"),
                                      "additionalProperties": {"type": "object"}},
                             "revisions": array(ref("Revision"))}),
    "CameraCollection": collection("features", ref("Camera")),
    "BriefCamera": BRIEF_CAMERA, "CameraCluster": CLUSTER, "CameraView": VIEW,
    "Operator": obj(OPERATOR_FIELDS),
    "OperatorDetail": obj({**OPERATOR_FIELDS, "capabilities": array(ref("Claim")),
                           "technology": array(ref("TechnologyClaim"))}),
    "OperatorList": obj({"operators": array(ref("Operator")), **PAGE_MEMBERS}),
    "Change": CHANGE,
    "ChangeList": obj({"changes": array(ref("Change")),
                       "numberReturned": {"type": "integer", "minimum": 0},
                       "next_cursor": {"type": "string"}, "more": {"type": "boolean"},
                       "timeStamp": {"type": "string", "format": "date-time"},
                       "links": array(ref("Link"))}),
    "ExportIndex": obj({"formats": array(ref("ExportFormat")), "licence": TEXT, "version": TEXT,
                        "links": array(ref("Link"))}),
    "ExportFormat": EXPORT_FORMAT,
}
