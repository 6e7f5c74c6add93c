"""OpenAPI paths and bodies of POST /exposure and POST /routes (how watched is a path, and around it)."""

from __future__ import annotations

from typing import Any

from ...domain.texts import N_, Grouped
from ...domain.timefilter import INSTANT_PATTERN
from ...exposure.model import MAX_RANGE_M
from ...exposure.profiles import PROFILES
from ...exposure.tracks import MAX_VERTICES
from ...services.exposure.routes import AVOID, MAX_BUDGET
from ...services.exposure.segments import MAX_SPAN_DEG
from ...storage.cellsql import CAPABILITY_BITS
from ..schemas import NULLABLE_NUMBER, NULLABLE_TEXT, TEXT, array, enum, obj, ref
from .parts import BBOX, NONBLANK, error_response, ok, query

Schema = dict[str, Any]
METRES: Schema = {"type": "number", "minimum": 0}
NULLABLE_SECONDS: Schema = {"type": ["number", "null"], "minimum": 0}
POSITION: Schema = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 3}
LONLAT: Schema = {"type": "array", "minItems": 2, "maxItems": 2, "description": N_("[lon, lat] WGS84"),
                  "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                                  {"type": "number", "minimum": -90, "maximum": 90}]}
PLACE: Schema = {"oneOf": [LONLAT,
                           {"type": "string", "maxLength": 200, "pattern": NONBLANK,
                            "description": N_("an address, looked up in this server's own gazetteer "
                                              "only")}]}
NO_STORE = {"Cache-Control": {"description": N_("no-store: nothing about the path is kept"),
                              "schema": {"type": "string"}}}
CAMERA = obj({
    "id": TEXT, "metres": METRES, "seconds": NULLABLE_SECONDS,
    "capabilities": array(enum(tuple(CAPABILITY_BITS))),
    "operator": {"oneOf": [obj({"id": TEXT, "name": NULLABLE_TEXT}), {"type": "null"}]},
    "range_m": METRES, "sectors": array({"type": "array", "items": {"type": "number"},
                                         "description": N_("[centre bearing, width] in degrees")}),
}, description=N_("A camera that sees part of the path: metres (and seconds, with times) in its view."))
AT: Schema = {"type": "string", "format": "date-time", "pattern": INSTANT_PATTERN,
              "description": N_("the instant whose active deployments count (default: now); used for this "
                                "answer only, never logged or kept")}
DEPLOYMENT = obj({
    "id": TEXT, "metres": METRES, "seconds": NULLABLE_SECONDS,
    "capabilities": array(enum(tuple(CAPABILITY_BITS))),
    "operator": {"oneOf": [obj({"id": TEXT, "name": NULLABLE_TEXT}), {"type": "null"}]},
    "system": NULLABLE_TEXT, "location_text": TEXT, "start": TEXT, "end": TEXT, "timezone": TEXT,
    "local_end": {**TEXT, "description": N_("the end in the deployment's own time zone")},
    "range_m": METRES, "area": {"type": "boolean", "description": N_("placed as a street or an area: in "
                                                                      "view within range_m of any of it")},
}, description=N_("A deployment (a live facial recognition van) active at the asked time that sees part of "
                  "the path: metres in its view, its operator and window (GET /deployments/{id})."))
EXPOSURE = obj({
    "at": {**AT, "description": N_("the instant asked (UTC): the deployments active then count")},
    "length_m": METRES, "watched_m": {**METRES, "description": N_("in view of at least one camera")},
    "watched_share": {"type": "number", "minimum": 0, "maximum": 1},
    "seconds": NULLABLE_SECONDS, "watched_seconds": NULLABLE_SECONDS,
    "cameras": array(ref("ExposureCamera")),
    "deployments": array(ref("ExposureDeployment")),
    "capabilities": {"type": "object", "propertyNames": enum(tuple(CAPABILITY_BITS)),
                     "additionalProperties": obj({"metres": METRES, "cameras": {"type": "integer"},
                                                  "deployments": {"type": "integer"},
                                                  "seconds": NULLABLE_SECONDS})},
    "operators": array(obj({"id": TEXT, "name": NULLABLE_TEXT, "metres": METRES,
                            "cameras": {"type": "integer"}, "deployments": {"type": "integer"}})),
    "model": obj({"range_m": NULLABLE_NUMBER, "ignore_direction": {"type": "boolean"},
                  "buildings": {"type": "boolean", "description": N_("building footprints cut the views")}}),
    "watched": obj({"type": {"const": "MultiLineString"}, "coordinates": {"type": "array"}},
                   description=N_("The stretches in view of any camera.")),
}, description=N_("How watched a path is, exactly: its segments cut by each camera's visible area."))
ROUTE = obj({"length_m": METRES, "seconds": METRES,
             "geometry": obj({"type": {"const": "LineString"}, "coordinates": array(POSITION)}),
             "exposure": ref("Exposure")}, ("length_m", "seconds", "geometry"))
ROUTE_REQUEST = obj({
    "from": PLACE, "to": PLACE, "profile": enum(PROFILES), "avoid": enum(AVOID),
    "operators": array({"anyOf": [{"type": "string"},  # an id fits 64 bits
                                  {"type": "integer", "minimum": -2**63, "maximum": 2**63 - 1}]}),
    "budget": {"type": "number", "minimum": 0, "maximum": MAX_BUDGET,
               "description": N_("the detour allowed: %(budget)s = at most %(percent)s %% longer than the "
                                 "shortest (default)", budget=0.25, percent=25)},
    "at": AT,
}, ("from", "to"))
COMPONENTS: dict[str, Schema] = {
    "ExposureCamera": CAMERA, "ExposureDeployment": DEPLOYMENT, "Exposure": EXPOSURE, "Route": ROUTE,
    "RouteRequest": ROUTE_REQUEST,
    "RoutePlan": obj({"at": EXPOSURE["properties"]["at"], "profile": enum(PROFILES),
                      "budget": {"type": "number"}, "avoid": enum(AVOID),
                      "shortest": ref("Route"), "least_watched": ref("Route"),
                      "comparison": obj({"same_route": {"type": "boolean"}, "similar": {"type": "boolean"},
                                         "watched_saved_m": {"type": "number"},
                                         "longer_share": {"type": "number"}, "note": TEXT})}),
}
PROFILE_FIGURES = {"type": "object", "propertyNames": enum(PROFILES), "additionalProperties": obj(
    {"street_m": METRES, "watched_m": METRES, "share": {"type": "number", "minimum": 0, "maximum": 1}})}
COMPONENTS["Coverage"] = obj({
    "layer": TEXT, "streets_version": {"type": "integer"}, "profiles": array(enum(PROFILES)),
    "areas": array(obj({"id": TEXT, "code": TEXT, "name": TEXT, "profiles": PROFILE_FIGURES,
                        "capabilities": {"type": "object", "propertyNames": enum(tuple(CAPABILITY_BITS)),
                                         "additionalProperties": PROFILE_FIGURES},
                        "operators": array(obj({"id": TEXT, "name": NULLABLE_TEXT,
                                                "profiles": PROFILE_FIGURES}))}))},
    description=N_("Per area: street metres (segments whose midpoint lies in it) and those in view."))
LIMITED = N_("Too many requests from this network right now (see Retry-After); nothing was kept.")
OVERRIDES = [
    {"name": "range_m", "in": "query", "required": False,
     "schema": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RANGE_M},
     "description": N_("every camera sees this far (metres) instead of the model's range")},
    {"name": "ignore_direction", "in": "query", "required": False, "schema": {"type": "boolean"},
     "description": N_("every camera sees all around (a disc), whatever its direction")},
    {"name": "at", "in": "query", "required": False, "schema": AT,
     "description": N_("the deployments active at this instant count (default: now); or give it in the "
                       "body (a Feature's properties.at, the form field at, the route's member at), not "
                       "both")},
]


def _errors(texts: dict[str, str]) -> dict[str, Any]:
    return {status: error_response(status, text) for status, text in texts.items()}


def exposure_paths() -> dict[str, Any]:
    line = {"type": "object", "required": ["type", "coordinates"],
            "properties": {"type": {"const": "LineString"},
                           "coordinates": {"type": "array", "minItems": 2, "items": {
                               "type": "array", "minItems": 2, "prefixItems": LONLAT["prefixItems"],
                               "description": N_("lon, lat (WGS84), then anything (ignored)")}}}}
    feature = {"type": "object", "required": ["type", "geometry"],
               "properties": {"type": {"const": "Feature"}, "geometry": line}}
    track = {"schema": {"anyOf": [line, feature], "description": N_(
        "a GeoJSON LineString, or a Feature with one (times in properties.times)")}}
    exposure = {"summary": N_("How watched is a track: metres (and seconds) in view, per camera, "
                              "capability and operator"), "operationId": "measureExposure",
                "tags": ["exposure"],
                "parameters": OVERRIDES,
                "requestBody": {"required": True, "content": {
                    "application/geo+json": track, "application/json": track,
                    "application/gpx+xml": {"schema": {"type": "string", "description": N_("a GPX file")}},
                    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary"}, "at": AT}}}}},
                "responses": {"200": ok("application/json", ref("Exposure"), N_("The exposure"), NO_STORE),
                              **_errors({"400": N_("Not a usable track, a wrong override or a wrong `at`."),
                                         "413": N_("Over 10 MB, or over %(points)s points.",
                                                   points=Grouped(MAX_VERTICES)),
                                         "415": N_("Neither GeoJSON nor GPX."),
                                         "429": LIMITED})}}
    routes = {"summary": N_("The shortest and the least-watched route within a detour budget"),
              "operationId": "planRoute", "tags": ["exposure"], "parameters": OVERRIDES,
              "requestBody": {"required": True,
                              "content": {"application/json": {"schema": ref("RouteRequest")}}},
              "responses": {"200": ok("application/json", ref("RoutePlan"), N_("Both routes"), NO_STORE),
                            **_errors({"400": N_("A wrong member of the body."),
                                       "404": N_("No street network is loaded on this server, or an "
                                                 "address is not in its gazetteer."),
                                       "415": N_("Not application/json."),
                                       "422": N_("No street near an end, or no route joins them."),
                                       "429": LIMITED})}}
    return {"/exposure": {"post": exposure}, "/routes": {"post": routes}, "/coverage": {"get": _coverage()},
            "/coverage/segments": {"get": _segments()}}


def _segments() -> dict[str, Any]:
    stretches = obj({"type": {"const": "FeatureCollection"}, "bbox": array({"type": "number"}),
                     "features": array(obj({
                         "type": {"const": "Feature"},
                         "properties": obj({"profile": enum(PROFILES), "street_m": METRES,
                                            "watched_m": METRES, "streets_version": {"type": "integer"},
                                            "registry_version": {"type": "integer"}}),
                         "geometry": obj({"type": {"const": "MultiLineString"},
                                          "coordinates": {"type": "array"}})}))},
                    description=N_("One feature: the stretches of the profile's streets (segments "
                                   "meeting the box) in view of any camera, and the street and watched "
                                   "metres of those segments."))
    return {"summary": N_("The street stretches in view of cameras inside a box (the map's watched "
                          "streets)"),
            "operationId": "watchedStreetSegments", "tags": ["exposure"],
            "parameters": [{"name": "bbox", "in": "query", "required": True, "schema": BBOX,
                            "description": N_("minlon,minlat,maxlon,maxlat; at most %(degrees)s° a side",
                                              degrees=MAX_SPAN_DEG)},
                           query("profile", enum(PROFILES), N_("foot (default), bike or car"))],
            "responses": {"200": {"description": N_("The watched stretches; ETag changes with the street "
                                                    "network and the registry"), "content": {
                "application/geo+json": {"schema": stretches}}},
                **_errors({"400": N_("No bbox, one too large, a wrong profile or an unknown parameter."),
                           "404": N_("No street network is loaded on this server.")})}}


def _coverage() -> dict[str, Any]:
    return {"summary": N_("Street coverage per area of a layer: the share of street length in view, "
                          "per profile, capability and operator"),
            "operationId": "streetCoverage", "tags": ["exposure"],
            "parameters": [{"name": "layer", "in": "query", "required": True,
                            "schema": {"type": "string", "pattern": NONBLANK},
                            "description": N_("an area layer (GET /areas)")},
                           query("format", enum(("json", "csv")), N_("json (default) or csv"))],
            "responses": {"200": {"description": N_("The layer's coverage"), "content": {
                "application/json": {"schema": ref("Coverage")},
                "text/csv": {"schema": {"type": "string"}}}},
                **_errors({"400": N_("No layer, a wrong format, or an unknown parameter."),
                           "404": N_("No area layer has this name.")})}}

