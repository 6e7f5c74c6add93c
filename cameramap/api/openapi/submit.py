"""OpenAPI paths and bodies of the public's side of API v1: geocoding, submissions, confirmations, reports."""

from __future__ import annotations

from typing import Any

from ...domain.texts import N_, Text
from ...domain.vocabulary import CameraType, Capability, SurveillanceType
from ...geocoding.base import Precision, Status
from ...services.geocoding import MAX_QUERY, MAX_STREET_LINES
from ...services.submissions.confirmations import REPORT_KINDS
from ...services.submissions.fields import MAX_CAMERA_ID, MAX_TEXT, MOUNTS, ZONES
from ...services.submissions.intake import MAX_IDEMPOTENCY_KEY
from .. import schemas
from ..schemas import DATE, NULLABLE_TEXT, TEXT, array, enum, obj, ref
from ..submissions import POW_HEADER
from .parts import BBOX, LAT_NUMBER, LON_NUMBER, NONBLANK, error_response, ok

Schema = dict[str, Any]
JSON = "application/json"
COUNT: Schema = {"type": "integer", "minimum": 0}
LAT: Schema = {"type": "number", "minimum": -90, "maximum": 90}
LON: Schema = {"type": "number", "minimum": -180, "maximum": 180}
NO_STORE = {"Cache-Control": {"description": N_("no-store: answers are the asker's business"),
                              "schema": {"type": "string"}}}
STATUSES = ("pending", "approved", "merged", "rejected")
LAT_TEXT, LON_TEXT = rf"^\s*{LAT_NUMBER}\s*$", rf"^\s*{LON_NUMBER}\s*$"  # coordinates as text
# 1 to 2**31 - 1 (MAX_CAMERA_ID), digit by digit
CAMERA_NUMBER = ("[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}|2147[0-3][0-9]{5}"
                 "|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}|21474836[0-3][0-9]"
                 "|214748364[0-7]")
ZERO = {"anyOf": [{"const": 0}, {"type": "string", "pattern": r"^\s*[+-]?0*(\.0*)?\s*$"}]}
NULL_ISLAND = {"required": ["lat", "lon"], "properties": {"lat": ZERO, "lon": ZERO}}


def _text(limit: int, description: Text) -> Schema:
    return {"type": ["string", "number", "null"], "maxLength": limit,
            "description": N_("%(text)s (at most %(limit)s characters after trimming)", text=description,
                              limit=limit)}


def _one_of(values: type | tuple[str, ...], description: Text) -> Schema:
    """A vocabulary value (case-insensitive); null or blank: not given."""
    return {"anyOf": [enum(values), {"type": "null"}, {"type": "string", "pattern": r"^\s*$"}],
            "description": N_("%(text)s (case-insensitive; null or blank when not known)", text=description)}


CANDIDATE_FIELDS: dict[str, Schema] = {
    "label": TEXT, "lon": LON, "lat": LAT, "precision": enum(Precision),
    "score": {"type": "number", "minimum": 0, "maximum": 1}, "source": TEXT,
}
PLACE = obj({**CANDIDATE_FIELDS, "distance_m": {"type": "number", "minimum": 0}},
            description=N_("The nearest address or street, with its distance from the point."))
CHALLENGE_ON = obj({"required": {"const": True}, "header": {"const": POW_HEADER},
                    "algorithm": TEXT, "challenge": TEXT, "maxNumber": {"type": "integer", "minimum": 1},
                    "salt": TEXT, "signature": TEXT},
                   description=N_("Solve it (ALTCHA v1) and send the base64 solution in the X-Altcha "
                                  "header."))
SUBMISSION_STATUS: dict[str, Schema] = {
    "id": {"type": "integer"}, "status": enum(STATUSES),
    "kind": {**enum(("new", "confirmation", "sighting")),
             "description": N_("sighting: a camera van reported at /submit/sighting (accepted: a "
                               "deployment)")},
    "received_on": DATE, "decided_on": {"type": ["string", "null"], "format": "date"},
    "reason": {**NULLABLE_TEXT, "description": N_("why it was rejected")},
    "camera_id": {"type": ["integer", "null"], "description": N_("the camera it became or confirms")},
    "lon": {"type": "number"}, "lat": {"type": "number"},
}
CLAIM_SEEN = {"type": "object", "required": ["capability"],
              "properties": {"capability": enum(Capability),
                             "evidence": _text(MAX_TEXT["evidence"], N_("what showed it"))},
              "description": N_("other members are ignored")}
SUBMISSION_REQUEST = {
    "type": "object", "required": ["lat", "lon"], "additionalProperties": False, "not": NULL_ISLAND,
    "description": N_("A camera seen on the street (or, with camera_id, a confirmation of a known one)."),
    "properties": {
        "lat": {"anyOf": [LAT, {"type": "string", "pattern": LAT_TEXT}],
                "description": N_("latitude, WGS84 (a number or numeric text; 0,0 is refused)")},
        "lon": {"anyOf": [LON, {"type": "string", "pattern": LON_TEXT}],
                "description": N_("longitude, WGS84")},
        "surveillance_type": _one_of(SurveillanceType, N_("OSM surveillance:type; camera when absent")),
        "surveillance_zone": _one_of(ZONES, N_("OSM surveillance:zone")),
        "camera_type": _one_of(CameraType, N_("OSM camera:type")),
        "camera_mount": _one_of(MOUNTS, N_("OSM camera:mount")),
        "camera_direction": {"anyOf": [{"type": "number", "minimum": 0, "maximum": 360},
                                       {"type": ["string", "null"]}],
                             "description": N_("degrees, ranges or compass points: 90, 90;180, 338-23, NE")},
        "operator": _text(MAX_TEXT["operator"], N_("who runs it, as named on a sign")),
        "capabilities": {"anyOf": [{"type": "array", "maxItems": len(Capability),
                                    "items": {"anyOf": [enum(Capability), CLAIM_SEEN]}},
                                   {"type": "null"}, {"const": ""}],
                         "description": N_("what it can do: names, or {capability, evidence} objects")},
        "notes": _text(MAX_TEXT["notes"], N_("anything else")),
        "camera_id": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_CAMERA_ID},
                                {"type": "string", "pattern": rf"^\s*\+?0*({CAMERA_NUMBER})\s*$"},
                                {"const": "new"}, {"const": ""}, {"type": "null"}],
                      "description": N_("a known camera this confirms; absent, null or new: a new camera")},
        "photo": {"type": ["string", "null"], "contentEncoding": "base64",
                  "description": N_("a JPEG, PNG or WebP photo, base64-encoded; its metadata is removed")},
    },
}

COMPONENTS: dict[str, Schema] = {
    "GeocodeCandidate": obj(CANDIDATE_FIELDS),
    "GeocodeAnswer": obj({"status": enum(Status), **CANDIDATE_FIELDS,
                          "candidates": array(ref("GeocodeCandidate")), "message": TEXT},
                         ("status", "candidates"),
                         N_("With status ok, the best match's members; otherwise the near misses, if any.")),
    "StreetLines": obj({
        "type": {"const": "FeatureCollection"},
        "features": array(obj({"type": {"const": "Feature"},
                               "properties": obj({"name": TEXT}),
                               "geometry": obj({"type": {"const": "LineString"},
                                                "coordinates": array(array({"type": "number"}))})})),
        "truncated": {"type": "boolean", "description": N_("more lines lie in the box than were sent")}},
        description=N_("Named street lines of the gazetteer (coordinates lon, lat; 6 decimals).")),
    "ReverseAnswer": obj({"label": NULLABLE_TEXT,
                          "address": {"oneOf": [ref("NearestPlace"), {"type": "null"}]},
                          "street": {"oneOf": [ref("NearestPlace"), {"type": "null"}]}}),
    "NearestPlace": PLACE,
    "Challenge": {"oneOf": [obj({"required": {"const": False}}, description=N_("Proof of work is off.")),
                            ref("ProofOfWorkChallenge")]},
    "ProofOfWorkChallenge": CHALLENGE_ON,
    "SubmissionRequest": SUBMISSION_REQUEST,
    "SubmissionStatus": obj(SUBMISSION_STATUS, description=N_("No submitter details; dates only.")),
    "SubmissionReceipt": obj({
        **SUBMISSION_STATUS, "status_url": {**TEXT, "description": N_("the private status page: keep it")},
        "status_api": {**TEXT, "description": N_("the same as JSON")},
        "photo_location": {"oneOf": [obj({"lon": LON, "lat": LAT}), {"type": "null"}],
                           "description": N_("the position the photo carried (offered, not applied)")}}),
    "NearbyCamera": obj({"id": schemas.ID, "lon": LON, "lat": LAT, "distance_m": {"type": "number"},
                         "surveillance_type": NULLABLE_TEXT, "camera_type": NULLABLE_TEXT,
                         "camera_direction": NULLABLE_TEXT, "status": TEXT, "operator": NULLABLE_TEXT}),
    "NearbyList": obj({"cameras": array(ref("NearbyCamera"))}),
    "ReportRequest": {"type": "object", "required": ["kind"],
                      "description": N_("other members are ignored"),
                      "properties": {"kind": enum(tuple(REPORT_KINDS)),
                                     "text": {"type": ["string", "null"], "description": N_(
                                         "details (the first 1000 characters kept)")}}},
    "Confirmation": obj({"camera_id": schemas.ID, "confirmations": COUNT}),
    "Report": obj({"camera_id": schemas.ID, "kind": enum(tuple(REPORT_KINDS)), "status": TEXT,
                   "received_on": DATE}),
}


def _required(name: str, schema: Schema, text: str, where: str = "query") -> Schema:
    return {"name": name, "in": where, "required": True, "schema": schema, "description": text}


def _op(summary: str, operation_id: str, parameters: list[Schema], responses: dict[str, Any],
        tag: str, body: Schema | None = None) -> Schema:
    operation: Schema = {"summary": summary, "operationId": operation_id, "tags": [tag],
                         "parameters": parameters, "responses": responses}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": body}}}
    return operation


POW = {"name": POW_HEADER, "in": "header", "required": False, "schema": {"type": "string"},
       "description": N_("the solved challenge of GET /challenge (required unless proof of work is "
                         "off)")}
SUBMIT_ERRORS = {
    "400": N_("A field, the body or the proof of work is wrong (the body names the field)."),
    "413": N_("The body (the photo) is too large."),
    "415": N_("The body is not application/json, or the photo is not a JPEG, PNG or WebP image."),
    "429": N_("Too many submissions from this network, or from everyone, right now; nothing was saved."),
}


def _errors(*statuses: str, **texts: str) -> dict[str, Any]:
    return {status: error_response(status, texts.get(f"e{status}") or SUBMIT_ERRORS.get(status))
            for status in statuses}


def geocode_paths() -> dict[str, Any]:
    return {
        "/geocode": {"get": _op(
            N_("Find an address or a place (this server's gazetteer, then any configured online provider)"),
            "geocode", [_required("q", {"type": "string", "maxLength": MAX_QUERY, "pattern": NONBLANK},
                                  N_("the address, at most %(limit)s characters", limit=MAX_QUERY), "query")],
            {"200": ok(JSON, ref("GeocodeAnswer"), N_("The best match, or none"), NO_STORE),
             **_errors("400", e400=N_("No address, one too long, or an unknown parameter."))}, "geocoding")},
        "/geocode/reverse": {"get": _op(
            N_("The nearest address and street to a point"), "reverseGeocode", _point(),
            {"200": ok(JSON, ref("ReverseAnswer"), N_("The nearest address and street, if any"), NO_STORE),
             **_errors("400", e400=N_("A missing or wrong coordinate, or an unknown parameter."))},
            "geocoding")},
        "/streets": {"get": _op(
            N_("The gazetteer's named street lines in a box (the map draws them when it has no basemap)"),
            "streetLines", [_required("bbox", BBOX, N_("minlon,minlat,maxlon,maxlat (WGS84)"))],
            {"200": ok("application/geo+json", ref("StreetLines"),
                       N_("At most %(count)s lines, with `truncated` when more lie in the box",
                          count=MAX_STREET_LINES)),
             **_errors("400", e400=N_("A missing or wrong bbox, or an unknown parameter."))}, "geocoding")},
    }


def _point() -> list[Schema]:
    return [_required("lat", LAT, N_("latitude, WGS84")), _required("lon", LON, N_("longitude, WGS84"))]


def submission_paths() -> dict[str, Any]:
    camera = {"name": "camera_id", "in": "path", "required": True,
              "schema": {"type": "integer", "minimum": 0}, "description": N_("the camera's id")}
    idempotency = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "schema": {"type": "string", "maxLength": MAX_IDEMPOTENCY_KEY},
                   "description": N_("retry safely: the same key and body give the first answer again for "
                                     "24 hours, and such retries do not count against the rate limits")}
    created = {"Location": {"description": N_("the submission's status_api"), "schema": {"type": "string"}}}
    return {
        "/challenge": {"get": _op(
            N_("A proof-of-work challenge for the next submission, confirmation or report"), "getChallenge",
            [], {"200": ok(JSON, ref("Challenge"), N_("A challenge, or required: false")), **_errors("429")},
            "submissions")},
        "/submissions": {"post": _op(
            N_("Send a camera (anonymous; moderated before it shows)"), "createSubmission",
            [idempotency, POW],
            {"201": ok(JSON, ref("SubmissionReceipt"), N_("Received: keep the status link"), created),
             **_errors("400", "404", "409", "413", "415", "429", e404=N_("No camera has this camera_id."),
                       e409=N_("This Idempotency-Key came with a different body."))},
            "submissions", ref("SubmissionRequest"))},
        "/submissions/{token}": {"get": _op(
            N_("A submission's status, by the private token of its status link"), "getSubmission",
            [_required("token", {"type": "string"}, N_("the token from status_url"), "path")],
            {"200": ok(JSON, ref("SubmissionStatus"), N_("The submission"), NO_STORE),
             **_errors("404", e404=N_("No submission has this token."))}, "submissions")},
        "/nearby": {"get": _op(
            N_("Cameras within 50 m of a point (is it one of these?), nearest first"), "listNearby", _point(),
            {"200": ok(JSON, ref("NearbyList"), N_("The cameras nearby")),
             **_errors("400", e400=N_("A missing or wrong coordinate."))}, "submissions")},
        "/cameras/{camera_id}/confirmations": {"post": _op(
            N_("Confirm that a camera is there (once per network and camera)"), "confirmCamera",
            [camera, POW],
            {"201": ok(JSON, ref("Confirmation"), N_("Counted: the camera's confirmations so far")),
             **_errors("400", "404", "409", "413", "415", "429", e404=N_("No such camera."),
                       e409=N_("Already confirmed from this network, or the camera is removed."))},
            "submissions",
            {"type": "object", "description": N_("any JSON object (its members are ignored)")})},
        "/cameras/{camera_id}/reports": {"post": _op(
            N_("Report that a camera is gone or described wrongly (for the moderators)"), "reportCamera",
            [camera, POW],
            {"201": ok(JSON, ref("Report"), N_("Filed")),
             **_errors("400", "404", "413", "415", "429", e404=N_("No such camera."))},
            "submissions", ref("ReportRequest"))},
    }
