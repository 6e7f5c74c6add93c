"""API v1 routes: parse the request, call one function, answer with orjson bytes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, request

from ..extensions import db
from . import cameras, operators, params
from .geojson import GEOJSON, JSON, dumps

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _respond(body: dict[str, Any], media_type: str) -> Response:
    return Response(dumps(body), mimetype=media_type)


def _limits() -> dict[str, int]:
    config = current_app.config
    return {"default_limit": int(config["API_DEFAULT_LIMIT"]), "max_limit": int(config["API_MAX_LIMIT"])}


@bp.get("/cameras")
def camera_list() -> Response:
    query = params.camera_query(request.args.items(multi=True), **_limits())
    return _respond(cameras.list_cameras(db.session(), query, request.base_url), GEOJSON)


@bp.get("/cameras/<camera_id>")
def camera_detail(camera_id: str) -> Response:
    params.no_query(request.args.items(multi=True))
    return _respond(cameras.camera_detail(db.session(), camera_id), GEOJSON)


@bp.get("/operators")
def operator_list() -> Response:
    page = params.page_query(request.args.items(multi=True), **_limits())
    return _respond(operators.list_operators(db.session(), page, request.base_url), JSON)


@bp.get("/operators/<operator_id>")
def operator_detail(operator_id: str) -> Response:
    params.no_query(request.args.items(multi=True))
    return _respond(operators.operator_detail(db.session(), operator_id), JSON)
