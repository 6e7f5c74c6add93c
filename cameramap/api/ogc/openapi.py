"""The OpenAPI 3.0 definition of /ogc (OGC API - Features' oas30 class), from API v1's schemas."""

from __future__ import annotations

from typing import Any

from ...config import Settings
from ...domain.texts import N_, Text, plain
from ...domain.timefilter import DATETIME_PATTERN
from .. import filters, openapi, schemas
from ..openapi import deployments, parts
from . import crs
from .core import COLLECTION, SCHEMA_JSON
from .params import FORMATS

Schema = dict[str, Any]


def to_openapi30(schema: Any) -> Any:
    """JSON Schema 2020-12 as OpenAPI 3.0 understands it: nullable, enum for const, plain items."""
    if isinstance(schema, list):
        return [to_openapi30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: to_openapi30(value) for key, value in schema.items()
           if key not in ("const", "prefixItems", "type", "oneOf")}
    if "const" in schema:
        out["enum"] = [schema["const"]]
    if "prefixItems" in schema:
        out["items"] = {"type": "number"}
    kinds = schema.get("type")
    if isinstance(kinds, list):
        out["type"] = next(kind for kind in kinds if kind != "null")
        out["nullable"] = "null" in kinds
    elif kinds is not None:
        out["type"] = kinds
    if "oneOf" in schema:
        options = [option for option in schema["oneOf"] if option != {"type": "null"}]
        if len(options) < len(schema["oneOf"]):
            out["nullable"] = True
        if len(options) == 1:
            out["allOf"] = [to_openapi30(options[0])]
        else:
            out["oneOf"] = to_openapi30(options)
    return out


def _error(status: str) -> dict[str, Any]:
    """The JSON error body, or an HTML page when HTML was asked for (f=html or Accept)."""
    response = parts.error_response(status)
    response["content"]["text/html"] = {"schema": {"type": "string"}}
    return response


F = {"name": "f", "in": "query", "required": False, "description": N_("output format (default: by Accept)"),
     "schema": parts.blankable({"type": "string", "enum": [*FORMATS, "geojson"]})}
F_JSON = {**F, "schema": parts.blankable({"type": "string", "enum": ["json", "geojson"]})}  # no HTML page
OPEN_OBJECT: Schema = {"type": "object", "additionalProperties": True}


def _get(summary: Text, operation_id: str, parameters: list[Schema], ok: tuple[str, Schema],
         missing: bool = False, html: bool = True) -> dict[str, Any]:
    media, schema = ok
    content = {media: {"schema": schema}} | ({"text/html": {"schema": {"type": "string"}}} if html else {})
    responses: dict[str, Any] = {"200": {"description": summary, "content": content}, "400": _error("400")}
    if missing:
        responses["404"] = _error("404")
    return {"get": {"summary": summary, "operationId": operation_id, "tags": ["OGC API - Features"],
                    "parameters": [*parameters, F if html else F_JSON], "responses": responses}}


def crs_parameters(offered: tuple[str, ...], names: tuple[str, ...]) -> list[Schema]:
    """crs, bbox-crs and filter-crs (Part 2): one of the collection's coordinate systems."""
    meaning = {"crs": N_("coordinate system of the answer's geometries (Content-Crs says which)"),
               "bbox-crs": N_("coordinate system of bbox (its axis order)"),
               "filter-crs": N_("coordinate system of the geometries in filter")}
    return [{"name": name, "in": "query", "required": False,
             "description": N_("%(meaning)s; default CRS84", meaning=meaning[name]),
             "schema": parts.blankable({"type": "string", "enum": list(offered), "default": crs.CRS84})}
            for name in names]


def _items_parameters(max_limit: int, default_limit: int, offered: tuple[str, ...]) -> list[Schema]:
    bbox: Schema = {"name": "bbox", "in": "query", "required": False, "style": "form", "explode": False,
            "description": N_("minx,miny,maxx,maxy in bbox-crs (default CRS84: minlon,minlat,maxlon,maxlat)"),
            "schema": {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}}}
    limit: Schema = {"name": "limit", "in": "query", "required": False, "style": "form", "explode": False,
             "description": N_("page size; values above %(limit)s are lowered to %(limit)s", limit=max_limit),
             "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1,  # lowered to max_limit
                        "default": min(default_limit, max_limit)}}
    when: Schema = {"name": "datetime", "in": "query", "required": False, "style": "form", "explode": False,
            "description": N_("last change (updated_at): an instant, or an interval a/b, ../b, a/.."),
            "schema": {"type": "string", "pattern": DATETIME_PATTERN}}
    # bbox stays an array of four numbers (a blank one still counts as absent, undocumented)
    for parameter in (limit, when):
        parameter["schema"] = parts.blankable(parameter["schema"])
    offset = parts.paging(max_limit, default_limit)[1]
    return [bbox, limit, offset, when, *parts.camera_filters()[1:], *filters.openapi_parameters(),
            *crs_parameters(offered, ("crs", "bbox-crs", "filter-crs"))]


def _deployment_paths(max_limit: int, default_limit: int) -> dict[str, Any]:
    """The `deployments` collection: bbox, datetime (the window), operator, status; CRS84 only."""
    collection = "/collections/deployments"
    feature_id = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "string"},
                  "description": N_("the deployment's id")}
    bbox, limit, offset = _items_parameters(max_limit, default_limit, (crs.CRS84,))[:3]
    parameters = [bbox, limit, offset, *deployments.filters()[1:]]
    geojson = "application/geo+json"
    return {
        collection: _get(N_("The deployments collection"), "describeDeployments", [],
                         ("application/json", OPEN_OBJECT)),
        f"{collection}/items": _get(N_("Deployments"), "getDeployments", parameters,
                                    (geojson, schemas.ref("DeploymentFeatureCollection")), html=False),
        f"{collection}/items/{{featureId}}": _get(N_("One deployment"), "getDeployment", [feature_id],
                                                 (geojson, schemas.ref("DeploymentFeature")), missing=True,
                                                 html=False),
    }


def _deployment_components() -> dict[str, Any]:
    found = to_openapi30(dict(deployments.COMPONENTS))
    found["DeploymentFeatureCollection"] = to_openapi30(
        schemas.collection("features", schemas.ref("Deployment")))
    found["DeploymentFeature"] = to_openapi30(deployments.COMPONENTS["DeploymentDetail"])
    found["DeploymentFeature"]["properties"]["links"] = {"type": "array", "items": schemas.ref("Link")}
    return found


DEFAULT_CRS = crs.offered(crs.national_setting(Settings.model_fields["ogc_crs"].default))


def _with_capability(feature: Schema, flat: Schema) -> Schema:
    """The camera's properties plus `capability` (core.ogc_feature)."""
    properties = dict(feature["properties"]["properties"])
    properties["properties"] = {**properties["properties"], "capability": flat}
    if "required" in properties:
        properties["required"] = [*properties["required"], "capability"]
    return properties


def document(server_url: str, *, max_limit: int, default_limit: int, version: str,
             offered: tuple[str, ...] = DEFAULT_CRS, marked: bool = False) -> dict[str, Any]:
    """OpenAPI 3.0 of the OGC endpoints; `server_url` is the /ogc base. Plain JSON values, or with
    `marked` its texts as marked texts (domain.texts), which the HTML page translates."""
    feature_id = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "string"},
                  "description": N_("the camera's id")}
    items = f"/collections/{COLLECTION}/items"
    geojson = "application/geo+json"
    json = ("application/json", OPEN_OBJECT)
    paths = {
        "/": _get(N_("Landing page"), "getLandingPage", [], json),
        "/conformance": _get(N_("Conformance classes"), "getConformance", [], json),
        "/collections": _get(N_("Collections"), "getCollections", [], json),
        f"/collections/{COLLECTION}": _get(N_("The cameras collection"), "describeCollection", [], json),
        items: _get(N_("Cameras"), "getFeatures", _items_parameters(max_limit, default_limit, offered),
                    (geojson, schemas.ref("FeatureCollection"))),
        items + "/{featureId}": _get(N_("One camera"), "getFeature",
                                     [feature_id, *crs_parameters(offered, ("crs",))],
                                     (geojson, schemas.ref("Feature")), missing=True),
        f"/collections/{COLLECTION}/queryables": _get(
            N_("The properties filter may name (JSON Schema)"), "getQueryables", [],
            (SCHEMA_JSON, OPEN_OBJECT)),
    }
    paths |= _deployment_paths(max_limit, default_limit)
    components = to_openapi30(dict(schemas.COMPONENTS))
    components |= _deployment_components()
    components["FeatureCollection"] = to_openapi30(schemas.collection("features", schemas.ref("Camera")))
    components["FeatureCollection"]["properties"]["links"] = {"type": "array", "items": schemas.ref("Link")}
    components["Feature"] = to_openapi30({**schemas.COMPONENTS["Camera"]})
    components["Feature"]["properties"]["links"] = {"type": "array", "items": schemas.ref("Link")}
    flat = {"type": "string", "nullable": True,
            "description": N_("capabilities (own and inherited), ';'-separated")}
    components["OgcCamera"] = to_openapi30({**schemas.COMPONENTS["Camera"]})
    for name in ("OgcCamera", "Feature"):
        components[name]["properties"]["properties"] = _with_capability(components[name], flat)
    components["FeatureCollection"]["properties"]["features"]["items"] = schemas.ref("OgcCamera")
    whole = {"openapi": "3.0.3",
             "info": {"title": N_("cameramap OGC API - Features"), "version": version,
                      "description": openapi.DESCRIPTION},
             "servers": [{"url": server_url}], "paths": paths, "components": {"schemas": components}}
    return whole if marked else plain(whole)
