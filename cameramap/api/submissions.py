"""JSON API for submissions: POST /submissions, GET /challenge, status, nearby, confirm and report.

JSON only (415 otherwise), CSRF-exempt, rate-limited per hashed client and globally, and guarded by
the proof of work sent in the `X-Altcha` header.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from ..domain.errors import DomainError, UsageError
from ..domain.geo import Point
from ..extensions import db, settings
from ..protection.clientkey import voter_key
from ..protection.proofofwork import check_proof_of_work, pow_settings
from ..protection.ratelimits import challenge_limit, submission_limits
from ..services.submissions import confirmations, intake, pow
from ..services.submissions.fields import parse_draft

bp = Blueprint("api_submissions", __name__, url_prefix="/api/v1")
POW_HEADER = "X-Altcha"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
    status = 415


def _json_body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise UnsupportedMediaType("send the body as application/json", parameter="Content-Type")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise UsageError("the body must be a JSON object", parameter="body")
    return data


def _receipt_body(receipt: intake.Receipt, gps: Point | None) -> dict[str, Any]:
    body = intake.public_status(receipt.submission)
    body["status_url"] = url_for("submit.status", token=receipt.token, _external=True)
    body["status_api"] = url_for("api_submissions.status", token=receipt.token, _external=True)
    body["photo_location"] = {"lon": gps.lon, "lat": gps.lat} if gps else None
    return body


def _answer(status: int, body: dict[str, Any]) -> Response:
    response = jsonify(body)
    response.status_code = status
    if status == 201 and body.get("status_url"):
        response.headers["Location"] = body["status_api"]
    return response


def _photo(data: dict[str, Any]) -> intake.StagedPhoto | None:
    encoded = data.get("photo")
    if encoded is None or encoded == "":
        return None
    if not isinstance(encoded, str):
        raise UsageError("photo must be base64-encoded image bytes", parameter="photo", code="invalid_photo")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UsageError("photo must be base64-encoded image bytes", parameter="photo",
                         code="invalid_photo") from None
    config = settings()
    return intake.stage_photo(db.session(), raw, config.media_dir, config.photo_max_bytes,
                                   config.photo_max_pixels)


@bp.get("/challenge")
@challenge_limit
def challenge() -> Response:
    """A proof-of-work challenge; send its solution back in the X-Altcha header (or `altcha` field)."""
    enabled, key, max_number, lifetime = pow_settings()
    if not enabled:
        return jsonify({"required": False})
    body = pow.issue(key, max_number, lifetime) | {"required": True, "header": POW_HEADER}
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/submissions")
@submission_limits
def create_submission() -> Response:
    data = _json_body()
    key = intake.idempotency_key(request.headers.get("Idempotency-Key"))
    request_hash = intake.request_fingerprint(data)
    session = db.session()
    if key and (stored := intake.remembered_answer(session, key, request_hash)):
        return _answer(*stored)
    draft = parse_draft(data)
    try:
        check_proof_of_work(request.headers.get(POW_HEADER))
    except pow.ProofOfWorkFailed:
        if key and (stored := intake.remembered_answer(session, key, request_hash)):
            return _answer(*stored)  # a concurrent twin of this request won
        raise
    staged = _photo(data)
    photo, gps = (staged.photo, staged.gps) if staged else (None, None)
    voter = voter_key(draft.camera_id) if draft.camera_id else None
    if key:
        status, body = intake.create_once(
            session, key, request_hash, draft, "api", lambda r: _receipt_body(r, gps), photo, voter)
        return _answer(status, body)
    receipt = intake.create(session, draft, "api", photo, voter)
    return _answer(201, _receipt_body(receipt, gps))


@bp.get("/submissions/<token>")
def status(token: str) -> Response:
    response = jsonify(intake.public_status(intake.by_token(db.session(), token)))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/nearby")
def nearby() -> Response:
    """Cameras within 50 m of lat/lon: 'is it one of these?' before submitting."""
    point = Point.checked(request.args.get("lon"), request.args.get("lat"), allow_null_island=True)
    found = intake.nearby(db.session(), point)
    return jsonify({"cameras": [_nearby_camera(camera, distance) for camera, distance in found]})


def _nearby_camera(camera: Any, distance: float) -> dict[str, Any]:
    return {"id": str(camera.id), "lon": camera.lon, "lat": camera.lat, "distance_m": round(distance, 1),
            "surveillance_type": camera.surveillance_type, "camera_type": camera.camera_type,
            "camera_direction": camera.camera_direction, "status": camera.status,
            "operator": camera.operator.name if camera.operator else None}


@bp.post("/cameras/<int:camera_id>/confirmations")
@submission_limits
def confirm(camera_id: int) -> Response:
    _json_body()
    check_proof_of_work(request.headers.get(POW_HEADER))
    count = confirmations.confirm(db.session(), camera_id, voter_key(camera_id),
                                  threshold=settings().confirmations_to_verify)
    return _answer(201, {"camera_id": str(camera_id), "confirmations": count})


@bp.post("/cameras/<int:camera_id>/reports")
@submission_limits
def report(camera_id: int) -> Response:
    data = _json_body()
    check_proof_of_work(request.headers.get(POW_HEADER))
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise UsageError("text must be a string", parameter="text")
    row = confirmations.report(db.session(), camera_id, str(data.get("kind") or ""), text)
    return _answer(201, {"camera_id": str(camera_id), "kind": row.kind, "status": row.status,
                         "received_on": row.received_on.isoformat()})
