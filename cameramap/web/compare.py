"""Official vs observed: the comparison page and its CSV download."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from ..extensions import db
from ..services.accountability import compare
from .operators import map_options
from .paging import Page, page_number, paginate

bp = Blueprint("compare", __name__)

PAGE_ROWS = 50  # per list and page; the CSV has every row
LISTS = ("matched", "observed_only", "declared_only")


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
    pages = _pages(result) if result else {}
    return render_template("compare/compare.html", asked=asked, result=result, pages=pages,
                           page_args={f"{key}_page": page.number for key, page in pages.items()},
                           sources=compare.official_sources(session),
                           default_distance=compare.DEFAULT_DISTANCE_M, map_options=map_options())


def _pages(result: compare.Comparison) -> dict[str, Page]:
    """Each list's page, from `<list>_page` in the query (each list pages on its own)."""
    return {key: paginate(getattr(result.matching, key), page_number(request.args.get(f"{key}_page")),
                          PAGE_ROWS) for key in LISTS}


@bp.get("/compare.csv")
def compare_csv() -> Response:
    asked = _asked()
    result = compare.compare(db.session(), asked["official"], asked["observed"],
                             asked["distance"] or compare.DEFAULT_DISTANCE_M)
    name = f"compare-{result.official.id}-{result.observed.id}-{result.distance_m:g}m.csv"
    return Response(compare.to_csv(result), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
