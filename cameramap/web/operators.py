"""Operator and vendor pages, and the "request your data" letter (nothing typed into it is stored)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for

from ..domain.errors import UsageError
from ..domain.letters import LETTER_KINDS, letter_kind
from ..extensions import db, settings
from ..services.accountability import letters, operators, vendors
from ..storage.queries import as_id
from .basemap import base_map_data

bp = Blueprint("operators", __name__)

LETTER_INPUTS = ("kind", "date", "time", "place", "name", "address", "email", "law")


def map_options() -> dict[str, str]:
    """Data attributes of a page map: server settings only."""
    return {**base_map_data(),
            "api": f"{request.script_root}/api/v1/cameras", "camera-path": f"{request.script_root}/cameras/",
            "limit": str(settings().api_max_limit)}


@bp.get("/operators")
def operator_list():
    return render_template("operators/list.html", rows=operators.operators_with_counts(db.session()))


@bp.get("/operators/<int:operator_id>")
def operator_page(operator_id: int):
    page = operators.operator_page(db.session(), operator_id)
    suggested = letter_kind(None, page.operator.jurisdiction).key
    return render_template("operators/operator.html", page=page, operator=page.operator,
                           map_options=map_options(), suggested_letter=suggested)


def _letter_request(values) -> letters.LetterRequest:
    camera = values.get("camera", "").strip()
    camera_id = as_id(camera) if camera else None
    if camera and camera_id is None:
        camera_id = 0  # not an id: the service answers 404
    return letters.LetterRequest(camera_id=camera_id, **{k: values.get(k) for k in LETTER_INPUTS})


def _letter_form(operator, wanted: letters.LetterRequest, error: UsageError | None = None):
    camera = letters.find_camera(db.session(), operator, wanted.camera_id)
    kind = letter_kind(wanted.kind if wanted.kind in LETTER_KINDS else None, operator.jurisdiction).key
    return render_template("operators/letter_form.html", operator=operator, camera=camera, wanted=wanted,
                           kinds=list(LETTER_KINDS), kind=kind, error=error)


@bp.route("/operators/<int:operator_id>/letter", methods=["GET", "POST"])
def letter(operator_id: int):
    """GET: the form (prefilled with ?camera= and ?kind=); POST: the filled letter, printable or as text."""
    session = db.session()
    operator = operators.get_operator(session, operator_id)
    values = request.form if request.method == "POST" else request.args
    wanted = _letter_request(values)
    if request.method == "GET":
        return _letter_form(operator, wanted)
    try:
        filled = letters.letter_for(session, operator_id, wanted, request.host_url)
    except UsageError as err:
        return _letter_form(operator, wanted, err), 400
    if values.get("format") == "txt":
        name = f"letter-{filled.kind.key}-operator-{operator_id}.txt"
        return Response(filled.text, mimetype="text/plain", headers={
            "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
    response = Response(render_template("operators/letter.html", operator=operator, letter=filled,
                                        back=url_for("operators.operator_page", operator_id=operator_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/vendors")
def vendor_list():
    return render_template("operators/vendors.html", rows=vendors.vendor_rows(db.session()))


@bp.get("/vendors/<int:vendor_id>")
def vendor_page(vendor_id: int):
    return render_template("operators/vendor.html", page=vendors.vendor_page(db.session(), vendor_id))
