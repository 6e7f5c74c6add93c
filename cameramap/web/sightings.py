"""Sightings from the public: the /submit/sighting form ("a camera van is here now"), anonymous and
moderated like camera submissions; works without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from ..domain.errors import DomainError
from ..extensions import db
from ..protection.ratelimits import submission_limits
from ..services.submissions import intake, sightings
from ..storage.submissions import Submission
from . import guard
from .forms import HOURS, SEEN_AGO, SightingForm
from .submit import stage_upload
from .terms import field_error

bp = Blueprint("sighting", __name__)


def _ago(minutes: int) -> str:
    if minutes == 0:
        return _("just now")
    if minutes < 60:
        return ngettext("%(num)d minute ago", "%(num)d minutes ago", minutes)
    return ngettext("%(num)d hour ago", "%(num)d hours ago", minutes // 60)


def _render(form: SightingForm, status: int = 200, **context: Any):
    form.seen_ago.choices = [(str(m), _ago(m)) for m in SEEN_AGO]
    form.hours.choices = [(str(h), ngettext("%(num)d hour", "%(num)d hours", h)) for h in HOURS]
    context.setdefault("errors", {})
    page = render_template("submit/sighting.html", form=form, pow_on=guard.pow_on(),
                           max_hours=int(sightings.MAX_WINDOW.total_seconds() // 3600), **context)
    return page, status


@bp.get("/submit/sighting")
def form():
    form = SightingForm(formdata=None)
    form.started.data = guard.start_token()
    return _render(form)


@bp.post("/submit/sighting")
@submission_limits
def post():
    form = SightingForm()
    try:
        guard.check_honeypot(form)
        stage_upload(form)
        action = request.form.get("action", "save")
        if action == "locate":
            return _render(form, **guard.locate(form))
        if action == "remove_photo":
            form.photo_token.data = form.photo_lat.data = form.photo_lon.data = ""
            return _render(form, message=_("The photo was removed; nothing else changed."))
        draft = sightings.parse_sighting(form.sighting_data())
        channel = guard.check_human(form)
        photo = intake.staged_photo(db.session(), form.photo_token.data)
        receipt = sightings.create(db.session(), draft, channel, photo)
    except DomainError as err:
        return _render(form, status=err.status,
                       errors={err.parameter or "form": field_error(err.message, err.parameter)})
    return redirect(url_for("submit.status", token=receipt.token, new=1), code=303)


@bp.app_template_filter("sighting_window")
def sighting_window(submission: Submission) -> str:
    """The window of a sighting in its time zone and the page's language: "5 Dec 2026, 10:30 – 13:30"."""
    if submission.seen_at is None or submission.ends_at is None:
        return ""
    place = ZoneInfo(submission.timezone or "UTC")
    start, end = (_aware(m).astimezone(place) for m in (submission.seen_at, submission.ends_at))
    locale = get_locale()
    first = f"{format_date(start, 'medium', locale=locale)}, {format_time(start, 'short', locale=locale)}"
    last = format_time(end, "short", locale=locale)
    if end.date() != start.date():
        last = f"{format_date(end, 'medium', locale=locale)}, {last}"
    return f"{first} – {last} ({submission.timezone or 'UTC'})"


@bp.app_template_test("expired_sighting")
def expired_sighting(submission: Submission) -> bool:
    return submission.kind == "sighting" and sightings.expired(submission)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
