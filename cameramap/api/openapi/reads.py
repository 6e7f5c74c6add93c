"""OpenAPI paths of the read endpoints: cameras, map views and tiles, operators, changes, dumps, meta."""

from __future__ import annotations

from typing import Any

from ...domain.texts import N_
from ...services.exports.dumps import DUMPS
from ...services.exports.formats import FORMATS as EXPORT_FORMATS
from .. import filters, schemas
from ..params import MAX_ZOOM
from .parts import (
    BLANK,
    CACHE_HEADERS,
    ETAG_HEADER,
    IF_NONE_MATCH,
    LINK_HEADER,
    NOT_MODIFIED,
    VIEW_TEXT,
    camera_filters,
    error_response,
    ok,
    operation,
    paging,
    path_parameter,
    stripped_query,
    view_parameters,
)


def _tile_path(max_limit: int, default_limit: int) -> dict[str, Any]:
    geojson = "application/geo+json"
    coordinate = {"type": "integer", "minimum": 0, "maximum": 2**MAX_ZOOM - 1}
    tile = [{"name": "z", "in": "path", "required": True, "description": N_("zoom"),
             "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}},
            {"name": "x", "in": "path", "required": True, "description": N_("column, below 2**z"),
             "schema": coordinate},
            {"name": "y", "in": "path", "required": True, "description": N_("row from the north, below 2**z"),
             "schema": coordinate}]
    tile_view = operation(
        N_("The cameras of one web-mercator tile as a map view (the same as /cameras?tile=z/x/y)"),
        [*tile, *camera_filters()[1:], paging(max_limit, default_limit)[0], view_parameters()[2],
         IF_NONE_MATCH, *filters.openapi_parameters(BLANK)],
        {"200": ok(geojson, schemas.ref("CameraView"), N_("The tile's cameras, or its clusters"),
                    CACHE_HEADERS),
         "304": NOT_MODIFIED, "400": error_response("400"),
         "404": error_response("404", N_("z, x or y is not a whole number, or x or y is 2**z or more "
                                         "(no such tile)"))}, "cameras", "getCameraTile")
    tile_view["get"]["description"] = VIEW_TEXT
    vector = operation(
        N_("The same view as a Mapbox Vector Tile (QGIS, MapLibre)"),
        [*tile, *camera_filters()[1:], paging(max_limit, default_limit)[0], IF_NONE_MATCH,
         *filters.openapi_parameters(BLANK)],
        {"200": ok(MVT, {"type": "string", "format": "binary"}, VECTOR_TEXT, CACHE_HEADERS),
         "304": NOT_MODIFIED, "400": error_response("400"),
         "404": error_response("404", N_("z, x or y is not a whole number"))}, "cameras",
        "getCameraVectorTile")
    vector["get"]["description"] = VECTOR_TEXT
    return {"/cameras/tiles/{z}/{x}/{y}": tile_view, "/cameras/tiles/{z}/{x}/{y}.mvt": vector}


MVT = "application/vnd.mapbox-vector-tile"
VECTOR_TEXT = N_(
    "The view of the GeoJSON tile (points when it holds at most limit cameras, else clusters) in "
    "4096 units, gzipped when asked, empty when the view is. Layer `cameras`: feature id = camera id; "
    "marker, status, camera_angle and height when known, bearings as \"degrees/width;...\", "
    "cap_<capability> = its strongest confidence. Layer `clusters`: cluster=true, count, bbox "
    "\"west,south,east,north\", marker_<kind>, cap_<capability> and status_<status> counts. "
    "The full record of a camera is at /cameras/{camera_id}."
)


def read_paths(max_limit: int, default_limit: int) -> dict[str, Any]:
    geojson = "application/geo+json"
    cameras = operation(
        N_("Search cameras (GeoJSON FeatureCollection, ordered by id), or a map view of an area"),
        [*camera_filters(), *paging(max_limit, default_limit), *view_parameters(), IF_NONE_MATCH,
         *filters.openapi_parameters(BLANK)],
        {"200": ok(geojson, {"oneOf": [schemas.ref("CameraCollection"), schemas.ref("CameraView")]},
                    N_("A page of cameras; with zoom or tile, a map view"),
                    {**LINK_HEADER, **CACHE_HEADERS}),
         "304": NOT_MODIFIED, "400": error_response("400")}, "cameras", "listCameras")
    cameras["get"]["description"] = VIEW_TEXT
    return {
        "/cameras": cameras,
        **_tile_path(max_limit, default_limit),
        "/cameras/{camera_id}": operation(
            N_("One camera with its raw source tags, revision history, nearest street and photo"),
            [path_parameter("camera_id", N_("the camera's id"))],
            {"200": ok(geojson, schemas.ref("CameraDetail"), N_("The camera")), "400": error_response("400"),
             "404": error_response("404")}, "cameras", "getCamera"),
        "/operators": operation(N_("Operators with their camera counts"), paging(max_limit, default_limit),
                                {"200": ok("application/json", schemas.ref("OperatorList"), N_("A page"),
                                           LINK_HEADER), "400": error_response("400")},
                                "operators", "listOperators"),
        "/operators/{operator_id}": operation(
            N_("One operator with its operator-wide capability claims and technology with no place"),
            [path_parameter("operator_id", N_("the operator's id"))],
            {"200": ok("application/json", schemas.ref("OperatorDetail"), N_("The operator")),
             "400": error_response("400"), "404": error_response("404")}, "operators", "getOperator"),
        "/changes": operation(
            N_("Created, updated and removed cameras in order; resume with since=next_cursor"),
            [stripped_query("since", "[0-9]{1,19}_[0-9]{1,10}",
                            N_("a cursor from a previous answer's next_cursor (from the start when absent; "
                               "one past the newest change answers an empty page)")),
             paging(max_limit, default_limit)[0]],
            {"200": ok("application/json", schemas.ref("ChangeList"), N_("Changes after the cursor"),
                        LINK_HEADER), "400": error_response("400")}, "changes", "listChanges"),
    }


# Dumps are built in the background: while a new one is built, the last complete one is served.
DUMP_HEADERS = ETAG_HEADER | {
    "Last-Modified": {"description": N_("when this file was built"), "schema": {"type": "string"}},
    "X-Registry-Version": {"description": N_("the registry version the file reflects (the index's "
                                             "`version` when it is current; an older one while a new file "
                                             "is built)"),
                           "schema": {"type": "string"}}}
RETRY_AFTER = {"Retry-After": {"description": N_("seconds"), "schema": {"type": "string"}}}


def dump_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {"/exports": operation(
        N_("The full dumps, their formats and the licence file"), [],
        {"200": ok("application/json", schemas.ref("ExportIndex"), N_("Downloads")),
         "400": error_response("400")}, "exports", "listExports")}
    conditional = {"name": "If-None-Match", "in": "header", "required": False,
                   "schema": {"type": "string"}, "description": N_("an ETag from an earlier download")}
    for dump in DUMPS.values():
        schema: dict[str, Any] = {"type": "string"} if dump.text else {"type": "string", "format": "binary"}
        if dump.name == "geojson":
            schema = {"type": "object", "required": ["type", "features"],
                      "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}}}
        filtered = filters.openapi_parameters(BLANK) if dump.name in EXPORT_FORMATS else []
        paths[f"/exports/{dump.filename}"] = operation(
            dump.title, [conditional, *filtered],
            {"200": ok(dump.media_type, schema, dump.description, DUMP_HEADERS),
             "304": {"description": N_("Not modified since the ETag given"), "headers": ETAG_HEADER},
             "400": error_response("400"),
             "503": error_response("503", N_("Not built yet: a build has started (or starts when the "
                                      "rate limit of builds allows); ask again after Retry-After seconds"))
             | {"headers": RETRY_AFTER}}, "exports", f"download_{dump.name}")
    return paths


def meta_paths() -> dict[str, Any]:
    return {
        "/openapi.json": operation(N_("This document"), [], {
            "200": ok("application/json", {"type": "object"}, N_("The OpenAPI 3.1 document")),
            "400": error_response("400")}, "meta", "getOpenApi"),
        "/docs": operation(N_("This document as a web page"), [], {
            "200": ok("text/html", {"type": "string"}, N_("A readable page")),
            "400": error_response("400")}, "meta", "getDocs"),
    }
