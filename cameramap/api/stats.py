"""API v1 accountability endpoints: area layers, per-area statistics, official vs observed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, request

from ..domain.errors import UsageError
from ..domain.geo import COORD_DECIMALS
from ..extensions import db
from ..services.accountability import compare
from . import geojson, params

if TYPE_CHECKING:  # areas and figures load shapely, pyproj and pyogrio: on first use, not at start
    from ..services.stats import figures

bp = Blueprint("api_stats", __name__, url_prefix="/api/v1")

SIMPLIFY_SHARE = 1 / 1500  # tolerance as a share of the layer's extent: light, quick choropleths


def _respond(body: dict[str, Any], media_type: str = geojson.JSON) -> Response:
    return Response(geojson.dumps(body), mimetype=media_type)


def _one(allowed: tuple[str, ...]) -> dict[str, str]:
    """Single-valued parameters; unknown or repeated ones are refused (as on the camera endpoints)."""
    grouped = params._collect(request.args.items(multi=True), allowed)
    return {name: value for name in allowed if (value := params._single(grouped, name)) is not None}


def _number(value: float | None) -> float | None:
    """Six significant digits: enough for any density, without float noise."""
    return None if value is None else float(f"{value:.6g}")


def area_summary(count: figures.AreaCount) -> dict[str, Any]:
    area = count.area
    return {
        "id": str(area.id), "code": area.code, "name": area.name, "population": area.population,
        "area_km2": _number(area.area_km2), "cameras": count.cameras,
        "per_km2": _number(count.per_km2), "per_1000_residents": _number(count.per_1000),
        "capabilities": dict(sorted(count.capabilities.items())),
        "operators": [{"id": str(op) if op else None, "name": name, "cameras": n}
                      for op, name, n in count.operators],
    }


def growth_body(growth: figures.Growth) -> dict[str, Any]:
    return {"unit": growth.unit, "undated": growth.undated,
            "first_seen": [{"period": d.isoformat(), "cameras": n} for d, n in growth.first_seen],
            "added": [{"period": d.isoformat(), "cameras": n} for d, n in growth.added]}


def layer_body(result: figures.LayerStats) -> dict[str, Any]:
    return {"layer": result.layer, "cameras_inside": result.inside, "capabilities": result.capabilities,
            "areas": [area_summary(c) for c in result.areas], "growth": growth_body(result.growth),
            "timeStamp": geojson.timestamp()}


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    import shapely
    from shapely.geometry import mapping

    return mapping(shapely.set_precision(shapely.geometry.shape(geometry), 10 ** -COORD_DECIMALS))


def area_features(result: figures.LayerStats) -> dict[str, Any]:
    """Areas as simplified polygons with their figures, for the choropleth."""
    import shapely
    from shapely.geometry import mapping

    from ..services.stats import areas

    shapes = [areas.shape(c.area) for c in result.areas]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    tolerance = max(east - west, north - south) * SIMPLIFY_SHARE
    features = []
    for count, shape in zip(result.areas, shapes, strict=True):
        simple = shapely.simplify(shape, tolerance, preserve_topology=True)
        properties = area_summary(count)
        properties["operators"] = properties["operators"][:5]
        features.append({"type": "Feature", "id": properties["id"], "properties": properties,
                         "geometry": _rounded(mapping(simple))})
    return {"type": "FeatureCollection", "features": features, "layer": result.layer,
            "capabilities": result.capabilities, "numberMatched": len(features),
            "numberReturned": len(features), "timeStamp": geojson.timestamp()}


@bp.get("/areas")
def area_layers() -> Response:
    from ..services.stats import areas

    params.no_query(request.args.items(multi=True))
    layers = [{"name": name, "areas": n} for name, n in areas.layers(db.session())]
    return _respond({"layers": layers})


@bp.get("/stats")
def layer_stats() -> Response:
    """Per-area figures of one layer; without a layer, the registry's growth."""
    from ..services.stats import figures

    wanted = _one(("layer",))
    if "layer" not in wanted:
        return _respond({"layer": None, "growth": growth_body(figures.registry_growth(db.session())),
                         "timeStamp": geojson.timestamp()})
    return _respond(layer_body(figures.layer_stats(db.session(), wanted["layer"])))


@bp.get("/stats/areas")
def layer_features() -> Response:
    wanted = _one(("layer",))
    if "layer" not in wanted:
        raise UsageError("name the area layer", parameter="layer")
    from ..services.stats import figures

    return _respond(area_features(figures.layer_stats(db.session(), wanted["layer"])), geojson.GEOJSON)


@bp.get("/compare")
def compare_sources() -> Response:
    wanted = _one(("official", "observed", "distance"))
    result = compare.compare(db.session(), wanted.get("official"), wanted.get("observed"),
                             wanted.get("distance", compare.DEFAULT_DISTANCE_M))
    body = compare.to_geojson(result)
    body["timeStamp"] = geojson.timestamp()
    return _respond(body, geojson.GEOJSON)
