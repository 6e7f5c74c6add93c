"""The OpenAPI 3.1 document of API v1: every endpoint with its parameters, responses and error bodies."""

from __future__ import annotations

from typing import Any

from ..domain.vocabulary import CameraStatus, CameraType, Capability, SurveillanceType
from ..services.exports.dumps import DUMPS
from . import schemas
from .params import MAX_OFFSET, MAX_REGION_CELLS, MAX_ZOOM

Document = dict[str, Any]
OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.1"
ERROR_RESPONSES = {
    "400": "A parameter is unknown, repeated or has a wrong value (the body names it).",
    "404": "No such resource.",
}


def error_response(status: str, text: str | None = None) -> dict[str, Any]:
    return {"description": text or ERROR_RESPONSES[status],
            "content": {"application/json": {"schema": schemas.ref("Error")}}}


def _ok(media_type: str, schema: dict[str, Any], text: str,
        headers: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"description": text, "content": {media_type: {"schema": schema}}}
    if headers:
        body["headers"] = headers
    return body


LINK_HEADER = {"Link": {"description": "RFC 8288 links to the next/previous page, when there is one",
                        "schema": {"type": "string"}}}
ETAG_HEADER = {"ETag": {"description": "changes whenever the registry changes",
                        "schema": {"type": "string"}}}


# Camera answers (list, views, tiles) are cached by ETag (api/caching.py).
CACHE_HEADERS = {
    "ETag": {"description": "weak; changes whenever the registry changes (send it back in If-None-Match)",
             "schema": {"type": "string"}},
    "Cache-Control": {"description": "public, max-age=N, stale-while-revalidate=N "
                                     "(N: CAMERAMAP_API_CACHE_SECONDS, 30 by default)",
                      "schema": {"type": "string"}},
    "Vary": {"description": "Accept-Encoding: map views are gzipped when the client accepts it",
             "schema": {"type": "string"}},
}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
                 "description": "the ETag of an earlier answer to the same URL: 304 while the registry is "
                                "unchanged"}
NOT_MODIFIED = {"description": "Not modified: the registry has not changed since the ETag given",
                "headers": {name: CACHE_HEADERS[name] for name in ("ETag", "Cache-Control")}}
FLAG = {"type": "string",  # params.flag: case-insensitive
        "pattern": r"^\s*(1|0|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo])\s*$"}
VIEW_TEXT = ("With zoom or tile the answer is a map view (CameraView): the area snapped outward to whole "
             "cluster cells (128 screen pixels: the tiles of zoom+1); all its cameras as points when they "
             "are at most limit (default CAMERAMAP_CLUSTER_CAP), else one CameraCluster per cell of two or "
             "more. A view is answered whole: offset is refused.")

BLANK = {"type": "string", "pattern": r"^\s*$"}


def blankable(schema: dict[str, Any]) -> dict[str, Any]:
    """A blank value counts as absent: the schema, or an empty/whitespace string."""
    if schema.get("type") == "array":
        return {**schema, "items": blankable(schema["items"])}
    if schema == {"type": "string"}:
        return schema  # any text, blank included
    return {"anyOf": [schema, BLANK]}


def _query(name: str, schema: dict[str, Any], text: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": blankable(schema),
            "description": text + " (a blank value counts as absent)", **extra}


def _path(name: str, text: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"},
            "description": text}


def paging(max_limit: int, default_limit: int) -> list[dict[str, Any]]:
    return [
        _query("limit", {"type": "integer", "minimum": 1, "maximum": max_limit,
                         "default": min(default_limit, max_limit)},
               f"page size (at most {max_limit}; more is an error)"),
        _query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
               "how many matches to skip"),
    ]


def view_parameters() -> list[dict[str, Any]]:
    """zoom, tile and brief: GET /cameras as a map view (api/params.py view_query)."""
    return [
        _query("zoom", {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM},
               "a map view at this web-mercator zoom; needs bbox, which may span at most "
               f"{MAX_REGION_CELLS} cluster cells each way"),
        _query("tile", {"type": "string", "pattern": r"^\s*[0-9]{1,2}/[0-9]{1,7}/[0-9]{1,7}\s*$"},
               "a map view of one web-mercator tile z/x/y (z at most 22, x and y below 2**z); not with "
               "bbox or zoom", example="12/2331/1185"),
        _query("brief", FLAG, "1 or 0 (true/false, yes/no); with zoom or tile only: cameras carry what a "
                              "map marker needs (BriefCamera), the full record is at /cameras/{camera_id}"),
    ]


def _filter(name: str, items: dict[str, Any], text: str) -> dict[str, Any]:
    return _query(name, {"type": "array", "items": items}, text + "; repeat or comma-separate for OR",
                  style="form", explode=True)


def camera_filters() -> list[dict[str, Any]]:
    return [
        _query("bbox", {"type": "string", "pattern": r"^\s*-?[0-9.]+(\s*,\s*-?[0-9.]+){3}\s*$"},
               "minlon,minlat,maxlon,maxlat in WGS84 (the whole registry when absent)",
               example="24.90,60.15,24.98,60.19"),
        _filter("operator", {"type": "string"}, "operator id or exact name"),
        _filter("capability", schemas.enum(Capability), "claimed capability (own or operator-wide)"),
        _filter("surveillance_type", schemas.enum(SurveillanceType), "OSM surveillance:type"),
        _filter("camera_type", schemas.enum(CameraType), "OSM camera:type"),
        _filter("status", schemas.enum(CameraStatus), "lifecycle status (removed only when asked)"),
        _filter("source", {"type": "string"}, "source id or exact name"),
    ]


def _get(summary: str, parameters: list[dict[str, Any]], responses: dict[str, Any],
         tag: str, operation_id: str) -> dict[str, Any]:
    return {"get": {"summary": summary, "operationId": operation_id, "tags": [tag],
                    "parameters": parameters, "responses": responses}}


def _tile_path(max_limit: int, default_limit: int) -> dict[str, Any]:
    geojson = "application/geo+json"
    coordinate = {"type": "integer", "minimum": 0, "maximum": 2**MAX_ZOOM - 1}
    tile = [{"name": "z", "in": "path", "required": True, "description": "zoom",
             "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}},
            {"name": "x", "in": "path", "required": True, "description": "column, below 2**z",
             "schema": coordinate},
            {"name": "y", "in": "path", "required": True, "description": "row from the north, below 2**z",
             "schema": coordinate}]
    operation = _get(
        "The cameras of one web-mercator tile as a map view (the same as /cameras?tile=z/x/y)",
        [*tile, *camera_filters()[1:], paging(max_limit, default_limit)[0], view_parameters()[2],
         IF_NONE_MATCH],
        {"200": _ok(geojson, schemas.ref("CameraView"), "The tile's cameras, or its clusters",
                    CACHE_HEADERS),
         "304": NOT_MODIFIED, "400": error_response("400"),
         "404": error_response("404", "z, x or y is not a whole number")}, "cameras", "getCameraTile")
    operation["get"]["description"] = VIEW_TEXT
    return {"/cameras/tiles/{z}/{x}/{y}": operation}


def _read_paths(max_limit: int, default_limit: int) -> dict[str, Any]:
    geojson = "application/geo+json"
    cameras = _get(
        "Search cameras (GeoJSON FeatureCollection, ordered by id), or a map view of an area",
        [*camera_filters(), *paging(max_limit, default_limit), *view_parameters(), IF_NONE_MATCH],
        {"200": _ok(geojson, {"oneOf": [schemas.ref("CameraCollection"), schemas.ref("CameraView")]},
                    "A page of cameras; with zoom or tile, a map view",
                    {**LINK_HEADER, **CACHE_HEADERS}),
         "304": NOT_MODIFIED, "400": error_response("400")}, "cameras", "listCameras")
    cameras["get"]["description"] = VIEW_TEXT
    return {
        "/cameras": cameras,
        **_tile_path(max_limit, default_limit),
        "/cameras/{camera_id}": _get(
            "One camera with its raw source tags and revision history",
            [_path("camera_id", "the camera's id")],
            {"200": _ok(geojson, schemas.ref("CameraDetail"), "The camera"), "400": error_response("400"),
             "404": error_response("404")}, "cameras", "getCamera"),
        "/operators": _get("Operators with their camera counts", paging(max_limit, default_limit),
                           {"200": _ok("application/json", schemas.ref("OperatorList"), "A page",
                                       LINK_HEADER), "400": error_response("400")},
                           "operators", "listOperators"),
        "/operators/{operator_id}": _get(
            "One operator with its operator-wide capability claims",
            [_path("operator_id", "the operator's id")],
            {"200": _ok("application/json", schemas.ref("OperatorDetail"), "The operator"),
             "400": error_response("400"), "404": error_response("404")}, "operators", "getOperator"),
        "/changes": _get(
            "Created, updated and removed cameras in order; resume with since=next_cursor",
            [_query("since", {"type": "string", "pattern": "^[0-9]{1,19}_[0-9]{1,10}$"},
                    "a cursor from a previous answer's next_cursor (from the start when absent)"),
             paging(max_limit, default_limit)[0]],
            {"200": _ok("application/json", schemas.ref("ChangeList"), "Changes after the cursor",
                        LINK_HEADER), "400": error_response("400")}, "changes", "listChanges"),
    }


def _dump_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {"/exports": _get(
        "The full dumps, their formats and the licence file", [],
        {"200": _ok("application/json", schemas.ref("ExportIndex"), "Downloads"),
         "400": error_response("400")}, "exports", "listExports")}
    conditional = {"name": "If-None-Match", "in": "header", "required": False,
                   "schema": {"type": "string"}, "description": "an ETag from an earlier download"}
    for dump in DUMPS.values():
        schema = {"type": "string"} if dump.text else {"type": "string", "format": "binary"}
        if dump.name == "geojson":
            schema = {"type": "object", "required": ["type", "features"],
                      "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}}}
        paths[f"/exports/{dump.filename}"] = _get(
            dump.title, [conditional],
            {"200": _ok(dump.media_type, schema, dump.description, ETAG_HEADER),
             "304": {"description": "Not modified since the ETag given", "headers": ETAG_HEADER},
             "400": error_response("400")}, "exports", f"download_{dump.name}")
    return paths


def _meta_paths() -> dict[str, Any]:
    return {
        "/openapi.json": _get("This document", [], {
            "200": _ok("application/json", {"type": "object"}, "The OpenAPI 3.1 document"),
            "400": error_response("400")}, "meta", "getOpenApi"),
        "/docs": _get("This document as a web page", [], {
            "200": _ok("text/html", {"type": "string"}, "A readable page"),
            "400": error_response("400")}, "meta", "getDocs"),
    }


DESCRIPTION = """Open data about surveillance cameras: where they are, who operates them, what they
can do, and where each record comes from. Every camera lists its sources with their licences and
attributions; reuse the data under those terms (see /api/v1/exports/LICENCE.txt).

GIS clients can also use the OGC API - Features endpoint at /ogc (QGIS, GDAL's OAPIF driver).
Errors always have the body {"error", "message", "parameter"}. GET endpoints allow any origin (CORS).

Submissions, confirmations and reports are anonymous and JSON only; each needs a solved proof-of-work
challenge (GET /challenge, sent back in the X-Altcha header) and is rate-limited per network."""


def document(server_url: str, *, max_limit: int, default_limit: int, version: str) -> Document:
    """The whole OpenAPI 3.1 document; `server_url` is where /api/v1 is served."""
    from . import openapi_exposure, openapi_stats, openapi_submit  # they build on the helpers above

    return {
        "openapi": "3.1.0",
        "info": {"title": "cameramap open data API", "version": version, "description": DESCRIPTION,
                 "license": {"name": "AGPL-3.0-or-later (software); data: per source, see each record",
                             "identifier": "AGPL-3.0-or-later"}},
        "servers": [{"url": server_url}],
        "tags": [{"name": name} for name in ("cameras", "operators", "changes", "exports", "geocoding",
                                             "submissions", "statistics", "meta", "exposure")],
        "paths": {**_read_paths(max_limit, default_limit), **_dump_paths(), **openapi_submit.geocode_paths(),
                  **openapi_submit.submission_paths(), **openapi_stats.stats_paths(), **_meta_paths(),
                  **openapi_exposure.exposure_paths()},
        "components": {"schemas": {**schemas.COMPONENTS, **openapi_submit.COMPONENTS,
                                   **openapi_stats.COMPONENTS, **openapi_exposure.COMPONENTS}},
    }


def describe(schema: dict[str, Any] | None) -> str:
    """A schema in a few words, for the HTML page: `string or null`, `array of Camera`, ..."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "const" in schema:
        return f"“{schema['const']}”"
    if "oneOf" in schema or "anyOf" in schema:
        options = [o for o in schema.get("oneOf", schema.get("anyOf", [])) if o != BLANK]
        return " or ".join(describe(option) for option in options)
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = []
    for kind in kinds:
        if kind == "array":
            words.append(f"array of {describe(schema.get('items'))}")
        elif kind == "string" and "enum" in schema:
            words.append("one of " + ", ".join(str(v) for v in schema["enum"]))
        else:
            words.append(str(kind) + (f" ({schema['format']})" if kind != "null" and "format" in schema
                                      else ""))
    text = " or ".join(words)
    if "minimum" in schema:
        text += f", at least {schema['minimum']}"
    if "maximum" in schema:
        text += f", at most {schema['maximum']}"
    if "default" in schema:
        text += f", default {schema['default']}"
    return text
