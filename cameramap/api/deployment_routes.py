"""API v1 deployment routes: /api/v1/deployments (bbox, datetime, operator, status) and one deployment."""

from __future__ import annotations

from flask import Blueprint, Response, request

from ..extensions import db
from ..services.deployments.figures import figures_for
from . import deployments, params
from .geojson import GEOJSON, JSON
from .responses import json_response, page_limits

bp = Blueprint("api_deployments", __name__, url_prefix="/api/v1")


@bp.get("/deployments")
def deployment_list() -> Response:
    query = deployments.deployment_query(request.args.items(multi=True), **page_limits())
    return json_response(deployments.list_deployments(db.session(), query, request.base_url), GEOJSON)


@bp.get("/deployments/<deployment_id>")
def deployment_detail(deployment_id: str) -> Response:
    params.no_query(request.args.items(multi=True))
    return json_response(deployments.detail(db.session(), deployment_id), GEOJSON)


def _figures():
    grouped = params.collect(request.args.items(multi=True), ("operator",))
    return figures_for(db.session(), params.single(grouped, "operator"))


@bp.get("/deployments/figures")
def deployment_figures() -> Response:
    return json_response(_figures().to_dict(), JSON)


@bp.get("/deployments/figures.csv")
def deployment_figures_csv() -> Response:
    response = Response(_figures().to_csv(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="deployment-figures.csv"'
    return response
