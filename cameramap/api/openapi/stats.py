"""OpenAPI paths and bodies of the accountability endpoints: area layers, statistics, official vs observed."""

from __future__ import annotations

from typing import Any

from ...domain.matching import MAX_DISTANCE_M
from ...domain.texts import N_, Text
from ...domain.vocabulary import Capability
from ...services.accountability.compare import DEFAULT_DISTANCE_M, RESULTS
from ..schemas import ID, NULLABLE_NUMBER, NULLABLE_TEXT, TEXT, array, enum, obj, ref
from .parts import NONBLANK, error_response, ok, operation, query

Schema = dict[str, Any]
COUNT: Schema = {"type": "integer", "minimum": 0}
TIMESTAMP: Schema = {"type": "string", "format": "date-time"}
NULLABLE_ID: Schema = {"type": ["string", "null"], "pattern": "^[0-9]+$"}
LAYER_EXAMPLE = "districts"

PERIOD = obj({"period": {"type": "string", "format": "date", "description": N_("the period's first day")},
              "cameras": COUNT}, description=N_("Cameras counted up to the end of the period."))
GROWTH = obj({"unit": enum(("month", "year")),
              "undated": {**COUNT, "description": N_("without a first-seen date")},
              "first_seen": array(ref("GrowthPeriod")), "added": array(ref("GrowthPeriod"))},
             description=N_("Cumulative cameras by first-seen date and by the date they entered the "
                            "registry."))
AREA_SUMMARY = obj({
    "id": ID, "code": TEXT, "name": TEXT, "population": {"type": ["integer", "null"]},
    "area_km2": NULLABLE_NUMBER, "cameras": COUNT,
    "per_km2": NULLABLE_NUMBER,
    "per_1000_residents": {**NULLABLE_NUMBER, "description": N_("null without a population")},
    "capabilities": {"type": "object", "propertyNames": enum(Capability), "additionalProperties": COUNT,
                     "description": N_("cameras claimed to have each capability (own or operator-wide)")},
    "operators": array(obj({"id": NULLABLE_ID, "name": NULLABLE_TEXT, "cameras": COUNT})),
}, description=N_("One area's figures over the cameras that are not removed."))
POLYGON = obj({"type": enum(("Polygon", "MultiPolygon")), "coordinates": {"type": "array"}},
              description=N_("Simplified for a choropleth; WGS84."))
AREA_FEATURE = obj({"type": {"const": "Feature"}, "id": ID, "properties": ref("AreaSummary"),
                    "geometry": ref("AreaGeometry")})
COMPARE_PROPERTIES = obj({
    "result": enum(RESULTS), "distance_m": NULLABLE_NUMBER,
    **{f"{side}_{name}": schema for side in ("declared", "observed")
       for name, schema in (("camera_id", NULLABLE_ID), ("record_id", NULLABLE_TEXT),
                            ("lon", NULLABLE_NUMBER), ("lat", NULLABLE_NUMBER))},
})
COMPARE_FEATURE = obj({"type": {"const": "Feature"}, "geometry": ref("Point"),
                       "properties": ref("ComparisonRow")},
                      description=N_("At the declared position when there is one, else the observed one."))

COMPONENTS: dict[str, Schema] = {
    "AreaLayers": obj({"layers": array(obj({"name": TEXT, "areas": COUNT}))}),
    "GrowthPeriod": PERIOD,
    "Growth": GROWTH,
    "AreaSummary": AREA_SUMMARY,
    "AreaGeometry": POLYGON,
    "RegistryGrowth": obj({"layer": {"type": "null"}, "growth": ref("Growth"), "timeStamp": TIMESTAMP}),
    "LayerStats": obj({"layer": TEXT,
                       "cameras_inside": {**COUNT, "description": N_("in at least one area")},
                       "capabilities": array(enum(Capability)), "areas": array(ref("AreaSummary")),
                       "growth": ref("Growth"), "timeStamp": TIMESTAMP}),
    "AreaCollection": obj({"type": {"const": "FeatureCollection"},
                           "features": array(AREA_FEATURE), "layer": TEXT,
                           "capabilities": array(enum(Capability)), "numberMatched": COUNT,
                           "numberReturned": COUNT, "timeStamp": TIMESTAMP}),
    "ComparisonRow": COMPARE_PROPERTIES,
    "Comparison": obj({"type": {"const": "FeatureCollection"}, "features": array(COMPARE_FEATURE),
                       "official": TEXT, "observed": TEXT, "distance_m": {"type": "number"},
                       "counts": obj({name: COUNT for name in RESULTS}), "timeStamp": TIMESTAMP}),
}


def _layer(required: bool) -> Schema:
    if required:
        return {"name": "layer", "in": "query", "required": True,
                "schema": {"type": "string", "pattern": NONBLANK}, "example": LAYER_EXAMPLE,
                "description": N_("the area layer's name (GET /areas lists them)")}
    return query("layer", {"type": "string"}, N_("the area layer's name; without it, the registry's growth"),
                  example=LAYER_EXAMPLE)


def _source(name: str, text: Text, example: str) -> Schema:
    return {"name": name, "in": "query", "required": True, "schema": {"type": "string", "pattern": NONBLANK},
            "example": example, "description": N_("%(source)s: a source's exact name or id", source=text)}


def stats_paths() -> dict[str, Any]:
    json, geojson = "application/json", "application/geo+json"
    no_layer = error_response("404", N_("No area layer has this name."))
    return {
        "/areas": operation(N_("The area layers (districts, cantons...) with their numbers of areas"), [],
                            {"200": ok(json, ref("AreaLayers"), N_("The layers")),
                             "400": error_response("400")}, "statistics", "listAreaLayers"),
        "/stats": operation(N_("Cameras per area of a layer: counts, densities, capabilities, operators, "
                               "growth"), [_layer(False)],
                            {"200": ok(json, {"oneOf": [ref("LayerStats"), ref("RegistryGrowth")]},
                                       N_("The layer's figures, or the registry's growth without a layer")),
                             "400": error_response("400"), "404": no_layer}, "statistics", "getStats"),
        "/stats/areas": operation(N_("A layer's areas as simplified polygons with their figures (a "
                                     "choropleth)"), [_layer(True)],
                                  {"200": ok(geojson, ref("AreaCollection"), N_("The areas")),
                                   "400": error_response("400"), "404": no_layer}, "statistics",
                                  "getAreaStats"),
        "/compare": operation(
            N_("Official vs observed: one-to-one matches of two sources' cameras within a distance"),
            [_source("official", N_("the declared (official) source"), "Registry"),
             _source("observed", N_("the observed source"), "OSM"),
             query("distance", {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_DISTANCE_M,
                                 "default": DEFAULT_DISTANCE_M}, N_("matching distance in metres"))],
            {"200": ok(geojson, ref("Comparison"), N_("Matched, observed-only and declared-only cameras")),
             "400": error_response("400", N_("A source missing or given twice, the same source twice, a "
                                             "wrong distance, or an unknown parameter.")),
             "404": error_response("404", N_("No source has this name or id."))}, "statistics",
            "compareSources"),
    }
