"""Official vs observed: the comparison page and its CSV download."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from ..extensions import db
from ..services.accountability import compare
from .operators import map_options

bp = Blueprint("compare", __name__)

SHOWN_ROWS = 500  # per list on the page; the CSV has every row


def _asked() -> dict[str, str]:
    return {name: request.args.get(name, "").strip() for name in ("official", "observed", "distance")}


@bp.get("/compare")
def compare_page():
    session = db.session()
    asked = _asked()
    result = None
    if asked["official"] and asked["observed"]:
        result = compare.compare(session, asked["official"], asked["observed"],
                                 asked["distance"] or compare.DEFAULT_DISTANCE_M)
    return render_template("compare/compare.html", asked=asked, result=result,
                           sources=compare.official_sources(session), shown=SHOWN_ROWS,
                           default_distance=compare.DEFAULT_DISTANCE_M, map_options=map_options())


@bp.get("/compare.csv")
def compare_csv() -> Response:
    asked = _asked()
    result = compare.compare(db.session(), asked["official"], asked["observed"],
                             asked["distance"] or compare.DEFAULT_DISTANCE_M)
    name = f"compare-{result.official.id}-{result.observed.id}-{result.distance_m:g}m.csv"
    return Response(compare.to_csv(result), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
