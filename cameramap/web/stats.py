"""Area statistics: choropleth, sortable table and growth chart."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..extensions import db
from ..services.deployments.figures import deployment_figures
from .operators import map_options

bp = Blueprint("stats", __name__)

METRICS = ("per_km2", "per_1000", "cameras")


@bp.get("/stats")
def stats_page():
    from ..services.exposure import coverage as street_coverage  # shapely, numpy: on first use
    from ..services.stats import areas, figures

    session = db.session()
    layer = request.args.get("layer", "").strip()
    layers = areas.layers(session)
    if not layer and len(layers) == 1:
        layer = layers[0][0]
    sort = request.args.get("sort", "").strip() or "cameras"
    descending = request.args.get("order", "desc" if sort != "name" else "asc") != "asc"
    metric = request.args.get("metric", "per_km2")
    metric = metric if metric in METRICS else "per_km2"
    result = figures.layer_stats(session, layer) if layer else None
    rows = figures.sort_areas(result.areas, sort, descending) if result else []
    growth = result.growth if result else figures.registry_growth(session)
    coverage = street_coverage.page_rows(session, layer) if result else None
    return render_template("stats/stats.html", layers=layers, layer=layer, result=result, rows=rows,
                           sort=sort, descending=descending, metric=metric, metrics=METRICS,
                           growth=growth, coverage=coverage, map_options=map_options(),
                           deployments=deployment_figures(session))
