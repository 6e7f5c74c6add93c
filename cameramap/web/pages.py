"""Plain site pages: About (what this is, the data, verification, privacy) and the favicon."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template

from ..extensions import settings

bp = Blueprint("pages", __name__)


@bp.get("/about")
def about() -> str:
    return render_template("pages/about.html",
                           confirmations_to_verify=settings().confirmations_to_verify,
                           tile_host=current_app.extensions["cameramap.tile_source"])


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico on their own; it is a static file of ours."""
    return current_app.send_static_file("favicon.ico")
