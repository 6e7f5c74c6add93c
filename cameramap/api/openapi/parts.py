"""Building blocks of the OpenAPI documents: responses, parameters and operations (API v1 and OGC)."""

from __future__ import annotations

from typing import Any

from ...domain.texts import N_, Text
from ...domain.vocabulary import CameraStatus, CameraType, Capability, SurveillanceType
from .. import schemas
from ..params import MAX_OFFSET, MAX_REGION_CELLS, MAX_ZOOM

Document = dict[str, Any]
ERROR_RESPONSES = {
    "400": N_("A parameter is unknown, repeated or has a wrong value (the body names it)."),
    "404": N_("No such resource."),
}


def error_response(status: str, text: str | None = None) -> dict[str, Any]:
    return {"description": text or ERROR_RESPONSES[status],
            "content": {"application/json": {"schema": schemas.ref("Error")}}}


def ok(media_type: str, schema: dict[str, Any], text: str,
        headers: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"description": text, "content": {media_type: {"schema": schema}}}
    if headers:
        body["headers"] = headers
    return body


LINK_HEADER = {"Link": {"description": N_("RFC 8288 links to the next/previous page, when there is one"),
                        "schema": {"type": "string"}}}
ETAG_HEADER = {"ETag": {"description": N_("changes whenever the registry changes"),
                        "schema": {"type": "string"}}}


# Camera answers (list, views, tiles) are cached by ETag (api/caching.py).
CACHE_HEADERS = {
    "ETag": {"description": N_("weak; changes whenever the registry changes (send it back in "
                               "If-None-Match)"), "schema": {"type": "string"}},
    "Cache-Control": {"description": N_("public, max-age=N, stale-while-revalidate=N "
                                        "(N: CAMERAMAP_API_CACHE_SECONDS, 30 by default)"),
                      "schema": {"type": "string"}},
    "Vary": {"description": N_("Accept-Encoding: map views are gzipped when the client accepts it"),
             "schema": {"type": "string"}},
}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
                 "description": N_("the ETag of an earlier answer to the same URL: 304 while the registry "
                                   "is unchanged")}
NOT_MODIFIED = {"description": N_("Not modified: the registry has not changed since the ETag given"),
                "headers": {name: CACHE_HEADERS[name] for name in ("ETag", "Cache-Control")}}
FLAG = {"type": "string",  # params.flag: case-insensitive
        "pattern": r"^\s*(1|0|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo])\s*$"}
VIEW_TEXT = N_("With zoom or tile the answer is a map view (CameraView): the area snapped outward to whole "
               "cluster cells (128 screen pixels: the tiles of zoom+1); all its cameras as points when they "
               "are at most limit (default CAMERAMAP_CLUSTER_CAP), else one CameraCluster per cell of two or "
               "more. A view is answered whole: offset is refused.")

BLANK = {"type": "string", "pattern": r"^\s*$"}
# What str.strip() removes, which the parsers apply first. JSON Schema's `\s` (ECMA-262) misses U+001C to
# U+001F and U+0085, which strip() removes, and matches U+FEFF, which it keeps. Spelled out where a
# fuzzer found the difference (GET /changes?since=%1D: blank to the parser, invalid to the document).
STRIPPED = r"[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def stripped_query(name: str, pattern: str, text: Text) -> dict[str, Any]:
    """A text parameter matching ^`pattern`$ once stripped, or blank (counts as absent), as str.strip()
    sees it."""
    schema = {"anyOf": [{"type": "string", "pattern": f"^{STRIPPED}*{pattern}{STRIPPED}*$"},
                        {"type": "string", "pattern": f"^{STRIPPED}*$"}]}
    return {**query(name, {"type": "string"}, text), "schema": schema}
NONBLANK = r"[^\s\x1c-\x1f\x85]"  # a character that str.strip() keeps: the text is not blank
# Decimal numbers within -90..90 and -180..180, as text.
LAT_NUMBER = r"[+-]?(90(\.0*)?|[1-8]?[0-9](\.[0-9]*)?|\.[0-9]+)"
LON_NUMBER = r"[+-]?(180(\.0*)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]*)?|\.[0-9]+)"
BBOX = {"type": "string",
        "pattern": rf"^\s*{LON_NUMBER}\s*,\s*{LAT_NUMBER}\s*,\s*{LON_NUMBER}\s*,\s*{LAT_NUMBER}\s*$"}


def blankable(schema: dict[str, Any]) -> dict[str, Any]:
    """A blank value counts as absent: the schema, or an empty/whitespace string."""
    if schema.get("type") == "array":
        return {**schema, "items": blankable(schema["items"])}
    if schema == {"type": "string"}:
        return schema  # any text, blank included
    return {"anyOf": [schema, BLANK]}


def query(name: str, schema: dict[str, Any], text: Text, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": blankable(schema),
            "description": N_("%(text)s (a blank value counts as absent)", text=text), **extra}


def path_parameter(name: str, text: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"},
            "description": text}


def paging(max_limit: int, default_limit: int) -> list[dict[str, Any]]:
    return [
        query("limit", {"type": "integer", "minimum": 1, "maximum": max_limit,
                         "default": min(default_limit, max_limit)},
               N_("page size (at most %(limit)s; more is an error)", limit=max_limit)),
        query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
               N_("how many matches to skip")),
    ]


def view_parameters() -> list[dict[str, Any]]:
    """zoom, tile and brief: GET /cameras as a map view (api/params.py view_query)."""
    return [
        query("zoom", {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM},
               N_("a map view at this web-mercator zoom; needs bbox, which may span at most "
                  "%(cells)s cluster cells each way", cells=MAX_REGION_CELLS)),
        query("tile", {"type": "string", "pattern": r"^\s*[0-9]{1,2}/[0-9]{1,7}/[0-9]{1,7}\s*$"},
               N_("a map view of one web-mercator tile z/x/y (z at most 22; x or y at 2**z or more: 404, "
                  "no such tile); not with bbox, zoom or offset (400 conflicting_parameters)"),
               example="12/2331/1185"),
        query("brief", {**FLAG, "deprecated": True},
              N_("accepted for old clients and ignored: a view's cameras always carry only what a map "
                 "marker draws (BriefCamera); the full record is at /cameras/{camera_id}")),
    ]


def _filter(name: str, items: dict[str, Any], text: Text) -> dict[str, Any]:
    return query(name, {"type": "array", "items": items}, N_("%(text)s; repeat or comma-separate for OR",
                                                              text=text),
                  style="form", explode=True)


def camera_filters() -> list[dict[str, Any]]:
    return [
        query("bbox", BBOX,
               N_("minlon,minlat,maxlon,maxlat in WGS84 (the whole registry when absent)"),
               example="24.90,60.15,24.98,60.19"),
        _filter("operator", {"type": "string"}, N_("operator id or exact name")),
        _filter("capability", schemas.enum(Capability), N_("claimed capability (own or operator-wide)")),
        _filter("surveillance_type", schemas.enum(SurveillanceType), N_("OSM surveillance:type")),
        _filter("camera_type", schemas.enum(CameraType), N_("OSM camera:type")),
        _filter("status", schemas.enum(CameraStatus), N_("lifecycle status (removed only when asked)")),
        _filter("source", {"type": "string"}, N_("source id or exact name")),
    ]


def operation(summary: str, parameters: list[dict[str, Any]], responses: dict[str, Any],
         tag: str, operation_id: str) -> dict[str, Any]:
    return {"get": {"summary": summary, "operationId": operation_id, "tags": [tag],
                    "parameters": parameters, "responses": responses}}
