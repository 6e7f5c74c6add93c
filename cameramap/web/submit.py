"""Anonymous submissions: the /submit form (works without JavaScript), status links, photos, and the
public's confirmations and reports on camera pages."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ..domain.errors import DomainError
from ..errors import json_error
from ..extensions import db, settings
from ..protection.clientkey import voter_key
from ..protection.ratelimits import submission_limits
from ..request_transaction import abandon
from ..services.moderation import sightings as sighting_review
from ..services.submissions import confirmations, intake
from ..services.submissions.fields import parse_draft
from ..storage.models import Operator
from ..storage.submissions import Photo
from ..storage.transaction import separate_unit
from . import guard
from .forms import ConfirmForm, ReportForm, SubmitForm
from .terms import field_error

bp = Blueprint("submit", __name__)
PUBLIC_PHOTO_STATUSES = confirmations.PUBLIC_PHOTO_STATUSES


def _operators() -> list[str]:
    return list(db.session().scalars(select(Operator.name).order_by(Operator.name).limit(500)))


def _render(form: SubmitForm, status: int = 200, **context: Any):
    point = guard.form_point(form)
    context.setdefault("nearby", intake.nearby(db.session(), point) if point else [])
    context.setdefault("errors", {})
    page = render_template("submit/form.html", form=form, operators=_operators(),
                           pow_on=guard.pow_on(), **context)
    return page, status


@bp.get("/submit")
def form():
    form = SubmitForm(formdata=None)
    form.lat.data, form.lon.data = request.args.get("lat", ""), request.args.get("lon", "")
    form.started.data = guard.start_token()
    return _render(form)


def stage_upload(form: Any) -> intake.StagedPhoto | None:
    upload = form.photo.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    config = settings()
    # Its own unit of work: the form may come back with an error, still holding the photo's token.
    with separate_unit(db.session.session_factory) as session:
        staged = intake.stage_photo(session, upload.read(), config.media_dir,
                                    config.photo_max_bytes, config.photo_max_pixels)
    form.photo_token.data = staged.token
    if staged.gps:
        form.photo_lat.data, form.photo_lon.data = f"{staged.gps.lat:.7f}", f"{staged.gps.lon:.7f}"
    return staged


@bp.post("/submit")
@submission_limits
def post():
    form = SubmitForm()
    action = request.form.get("action", "save")
    try:
        guard.check_honeypot(form)
        staged = stage_upload(form)
        if action == "locate":
            return _render(form, **guard.locate(form))
        if action == "remove_photo":
            form.photo_token.data = form.photo_lat.data = form.photo_lon.data = ""
            return _render(form, message=_("The photo was removed; nothing else changed."))
        if action == "use_photo_position":
            form.lat.data, form.lon.data = form.photo_lat.data, form.photo_lon.data
            return _render(form, message=_("The photo's position is now the camera's position."))
        if staged is not None and staged.gps is not None:
            return _render(form, offer_photo_position=True,
                           message=_("Your photo carries a position. Use it, or keep yours and save."))
        draft = parse_draft(form.draft_data())
        if not form.same_as.data and intake.nearby(db.session(), draft.point):
            return _render(form, ask_same=True,
                           message=_("There are cameras within 50 m. Is it one of these?"))
        channel = guard.check_human(form)
        photo = intake.staged_photo(db.session(), form.photo_token.data)
        voter = voter_key(draft.camera_id) if draft.camera_id else None
        receipt = intake.create(db.session(), draft, channel, photo, voter)
    except DomainError as err:
        return _render(form, status=err.status,
                       errors={err.parameter or "form": field_error(err.message, err.parameter)})
    if receipt.submission.camera_id:
        confirmations.maybe_verify(db.session(), receipt.submission.camera_id,
                                   settings().confirmations_to_verify)
    return redirect(url_for("submit.status", token=receipt.token, new=1), code=303)


@bp.post("/submit/photo")
@submission_limits
def upload_photo() -> Response:
    """The form's script uploads the photo first: cleaned, stored, and its position offered."""
    upload = request.files.get("photo")
    if upload is None:
        return json_error(400, "invalid_parameter", "choose a photo to upload", "photo")
    config = settings()
    try:
        staged = intake.stage_photo(db.session(), upload.read(), config.media_dir,
                                         config.photo_max_bytes, config.photo_max_pixels)
    except DomainError as err:
        return json_error(err.status, err.code, err.message, "photo")
    gps = {"lat": staged.gps.lat, "lon": staged.gps.lon} if staged.gps else None
    return jsonify({"photo_token": staged.token, "width": staged.photo.width,
                    "height": staged.photo.height, "photo_location": gps})


@bp.get("/submissions/<token>")
def status(token: str):
    submission = intake.by_token(db.session(), token)
    page = render_template("submit/status.html", submission=submission,
                           info=intake.public_status(submission), new=request.args.get("new"),
                           deployment=sighting_review.deployment_of(db.session(), submission))
    response = Response(page, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/cameras/<int:camera_id>/confirm")
@submission_limits
def confirm(camera_id: int):
    form = ConfirmForm()
    try:
        guard.check_human(form, button=True)
        count = confirmations.confirm(db.session(), camera_id, voter_key(camera_id),
                                      threshold=settings().confirmations_to_verify)
        flash(ngettext("Thank you: %(num)d independent confirmation so far.",
                       "Thank you: %(num)d independent confirmations so far.", count), "camera")
    except DomainError as err:
        abandon()
        flash(field_error(err.message, err.parameter), "camera")
    return redirect(url_for("public.camera", camera_id=camera_id) + "#public-voice", code=303)


@bp.post("/cameras/<int:camera_id>/report")
@submission_limits
def report(camera_id: int):
    form = ReportForm()
    try:
        guard.check_human(form)
        confirmations.report(db.session(), camera_id, form.kind.data or "", form.text.data)
        flash(_("Thank you: a moderator will look at your report."), "camera")
    except DomainError as err:
        abandon()
        flash(field_error(err.message, err.parameter), "camera")
    return redirect(url_for("public.camera", camera_id=camera_id) + "#public-voice", code=303)


@bp.get("/media/<name>")
def media(name: str):
    """A stored photo: public once its submission was approved; moderators see pending ones."""
    photo = db.session().scalar(select(Photo).where(Photo.filename == name))
    if photo is None or photo.submission is None:
        abort(404)
    public = photo.submission.status in PUBLIC_PHOTO_STATUSES
    if not public and not current_user.is_authenticated:
        abort(404)
    response = send_from_directory(settings().media_dir, photo.filename,
                                   mimetype=photo.content_type, max_age=86400 if public else 0)
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


@bp.app_template_global()
def camera_voice(camera_id: int) -> dict[str, Any]:
    """Confirmations, open reports and approved photos for a camera page, with fresh forms."""
    session = db.session()
    standing = confirmations.standing(session, camera_id,
                                      settings().confirmations_to_verify)
    approved = confirmations.approved_photos(session, camera_id)
    confirm_form, report_form = ConfirmForm(formdata=None), ReportForm(formdata=None)
    confirm_form.started.data, report_form.started.data = guard.start_token(), guard.start_token()
    return {"standing": standing, "photos": approved, "confirm_form": confirm_form,
            "report_form": report_form, "pow_on": guard.pow_on(), "report_kinds": confirmations.REPORT_KINDS}
