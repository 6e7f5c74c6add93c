"""Moderation pages: log-in, the queue with filters and batch actions, one item with its map preview,
reports, revisions with revert, and the public weekly figures."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask import session as cookie_session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import UserMixin, current_user, login_required, login_user, logout_user

from ..domain.errors import DomainError, UsageError
from ..domain.geo import BBox
from ..domain.vocabulary import CameraStatus
from ..extensions import db, login_manager, settings
from ..protection.ratelimits import login_limits
from ..request_transaction import abandon
from ..services.moderation import accounts, figures, review, sessions, sightings
from ..services.registry.cameras import get_camera
from ..services.submissions import intake
from ..storage.submissions import Moderator
from .forms import LoginForm
from .terms import term

bp = Blueprint("moderation", __name__)


class ModeratorUser(UserMixin):
    """The logged-in moderator as Flask-Login sees it: its id is the session's token, so the cookies
    open one server-side session (services/moderation/sessions.py), never the account for good."""

    def __init__(self, row: Moderator, token: str):
        self.row = row
        self.id = token
        self.name = row.name
        self.role = row.role


@login_manager.user_loader
def load_user(token: str) -> ModeratorUser | None:
    row = sessions.moderator_for(db.session(), token)
    return ModeratorUser(row, token) if row else None


def me() -> Moderator:
    return current_user.row


@bp.route("/moderate/login", methods=["GET", "POST"])
@login_limits
def login():
    form = LoginForm()
    if form.validate_on_submit():
        row = accounts.authenticate(db.session(), form.name.data or "", form.password.data or "")
        if row is not None:
            remember = bool(form.remember.data)
            token = sessions.start(db.session(), row, remember=remember)
            cookie_session.clear()  # a new session: nothing from before the log-in, a new CSRF token
            g.pop("csrf_token", None)
            login_user(ModeratorUser(row, token), remember=remember)
            return redirect(url_for("moderation.queue"), code=303)
        form.password.errors = [_("Unknown name or wrong password.")]
    return render_template("moderation/login.html", form=form)


@bp.post("/moderate/logout")
@login_required
def logout():
    sessions.end(db.session(), current_user.id)  # the old cookies open nothing any more
    logout_user()
    cookie_session.clear()
    return redirect(url_for("moderation.login"), code=303)


def _flag(name: str) -> bool | None:
    value = request.args.get(name, "")
    return {"yes": True, "no": False}.get(value)


def _age(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"{name} must be a number of days", parameter=name)
    return int(value)


def _filters() -> review.QueueFilter:
    bbox = request.args.get("bbox", "").strip()
    return review.QueueFilter(
        bbox=BBox.parse(bbox) if bbox else None, min_age_days=_age("min_age"), max_age_days=_age("max_age"),
        kind=request.args.get("kind") or None, has_photo=_flag("has_photo"), near_existing=_flag("near"))


def _preview(items: list[review.QueueItem]) -> dict[str, Any]:
    """Points for the preview map (drawn by moderate.js with textContent only)."""
    cameras: dict[int, dict[str, Any]] = {}
    for item in items:
        for camera, _distance in item.nearby:
            cameras[camera.id] = {"id": camera.id, "lon": camera.lon, "lat": camera.lat,
                                  "label": _("camera %(id)s (%(type)s)", id=camera.id,
                                              type=term(camera.camera_type or "unknown"))}
    return {"submissions": [{"id": i.submission.id, "lon": i.submission.lon, "lat": i.submission.lat,
                             "label": _("submission %(id)s", id=i.submission.id)} for i in items],
            "cameras": list(cameras.values())}


@bp.get("/moderate")
@login_required
def queue():
    items = review.queue(db.session(), _filters())
    return render_template("moderation/queue.html", items=items, preview=_preview(items), args=request.args,
                           reports=review.open_reports(db.session(), limit=20))


@bp.get("/moderate/submissions/<int:submission_id>")
@login_required
def item(submission_id: int):
    session = db.session()
    submission = review.get_submission(session, submission_id)
    lock_error = None
    if submission.status == "pending":
        try:
            review.lock(session, submission_id, me())
        except DomainError as err:
            lock_error = err.message
    entry = review.QueueItem(submission, intake.nearby(session, review.point_of(submission)))
    return render_template("moderation/item.html", item=entry, submission=submission, lock_error=lock_error,
                           preview=_preview([entry]))


def _done(message: str, submission_id: int | None = None):
    flash(message, "moderation")
    if submission_id is not None and request.form.get("next") == "item":
        return redirect(url_for("moderation.item", submission_id=submission_id), code=303)
    return redirect(url_for("moderation.queue"), code=303)


def _fail(err: DomainError, submission_id: int | None = None):
    abandon()
    flash(err.message, "error")
    if submission_id is not None:
        return redirect(url_for("moderation.item", submission_id=submission_id), code=303)
    return redirect(url_for("moderation.queue"), code=303)


@bp.post("/moderate/submissions/<int:submission_id>/<action>")
@login_required
def act(submission_id: int, action: str):
    session, reason = db.session(), (request.form.get("reason") or "").strip() or None
    try:
        if action == "approve" and review.get_submission(session, submission_id).kind == "sighting":
            deployment = sightings.accept(session, submission_id, me(), reason)
            return _done(_("Sighting %(id)s accepted: deployment %(deployment)s.", id=submission_id,
                           deployment=deployment.id))
        if action == "approve":
            camera = review.approve(session, submission_id, me(), reason)
            return _done(_("Submission %(id)s approved: camera %(camera)s.", id=submission_id,
                           camera=camera.id))
        if action == "merge":
            target = request.form.get("camera_id", "").strip()
            if not target.isdigit():
                raise UsageError(_("choose the camera to merge into"), parameter="camera_id")
            camera = review.merge(session, submission_id, int(target), me(), reason)
            return _done(_("Submission %(id)s merged into camera %(camera)s.", id=submission_id,
                                   camera=camera.id))
        if action == "reject":
            review.reject(session, submission_id, me(), reason or "", settings().media_dir)
            return _done(_("Submission %(id)s rejected.", id=submission_id))
        if action == "unlock":
            review.unlock(session, submission_id, me())
            return _done(_("Submission %(id)s released.", id=submission_id))
    except DomainError as err:
        return _fail(err, submission_id)
    return _fail(UsageError(f"unknown action {action!r}", parameter="action"), submission_id)


@bp.post("/moderate/batch")
@login_required
def batch():
    ids = [int(v) for v in request.form.getlist("ids") if v.isdigit()]
    if not ids:
        return _fail(UsageError(_("select at least one submission"), parameter="ids"))
    try:
        results = review.batch(db.session(), ids, request.form.get("action", ""), me(),
                               request.form.get("reason"), settings().media_dir, sightings.approve_any)
    except DomainError as err:
        return _fail(err)
    done = [i for i, r in results.items() if r == "ok"]
    skipped = {i: r for i, r in results.items() if r != "ok"}
    flash(ngettext("%(num)d submission done.", "%(num)d submissions done.", len(done)), "moderation")
    for submission_id, why in skipped.items():
        flash(_("Submission %(id)s skipped: %(why)s", id=submission_id, why=why), "error")
    return redirect(url_for("moderation.queue"), code=303)


@bp.post("/moderate/reports/<int:report_id>")
@login_required
def report(report_id: int):
    try:
        review.resolve_report(db.session(), report_id, me(), request.form.get("decision") == "accept")
    except DomainError as err:
        return _fail(err)
    return _done(_("Report %(id)s resolved.", id=report_id))


@bp.get("/moderate/cameras/<int:camera_id>")
@login_required
def camera(camera_id: int):
    return render_template("moderation/camera.html", camera=get_camera(db.session(), camera_id),
                           statuses=[s.value for s in CameraStatus])


@bp.post("/moderate/cameras/<int:camera_id>/status")
@login_required
def camera_status(camera_id: int):
    try:
        review.set_status(db.session(), camera_id, request.form.get("status", ""), me(),
                              (request.form.get("reason") or "").strip() or None)
    except (DomainError, ValueError) as err:
        abandon()
        flash(getattr(err, "message", _("unknown status")), "error")
    return redirect(url_for("moderation.camera", camera_id=camera_id), code=303)


@bp.post("/moderate/revisions/<int:revision_id>/revert")
@login_required
def revert(revision_id: int):
    session = db.session()
    try:
        camera = review.revert(session, revision_id, me(), (request.form.get("reason") or "").strip())
    except DomainError as err:
        abandon()
        flash(err.message, "error")
        return redirect(url_for("moderation.queue"), code=303)
    flash(_("Revision %(id)s reverted.", id=revision_id), "moderation")
    return redirect(url_for("moderation.camera", camera_id=camera.id), code=303)


@bp.get("/moderation/stats")
def stats():
    weeks = figures.weekly(db.session(), weeks=12)
    return render_template("moderation/stats.html", weeks=weeks)
