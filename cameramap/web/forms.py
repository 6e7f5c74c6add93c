"""Flask-WTF forms (CSRF-protected): submit a camera or a sighting, report or confirm one, moderator
log-in."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..domain.vocabulary import CameraType, Capability, SurveillanceType
from ..services.submissions import sightings
from ..services.submissions.confirmations import REPORT_KINDS
from ..services.submissions.fields import MOUNTS, ZONES
from .terms import REPORT_LABELS, TERMS

CAPABILITY_LABELS = {
    "face_recognition": _l("Face recognition"),
    "licence_plate_recognition": _l("Licence plate recognition (ANPR/ALPR)"),
    "ptz_zoom": _l("Pan, tilt and zoom"),
    "night_vision": _l("Night vision (infrared lights)"),
    "audio": _l("Records sound"),
    "analytics": _l("Analytics (people counting, behaviour)"),
    "central_platform_link": _l("Linked to a city-wide platform"),
}


def _label(value: object) -> Any:
    """A vocabulary value's words, translated when the form is rendered."""
    text = str(value)
    return _l(TERMS[text]) if text in TERMS else text.replace("_", " ")


def _options(values: Any, blank: Any = True) -> list[SelectChoice]:
    options = [SelectChoice("", _l("not sure"))] if blank else []
    return options + [SelectChoice(str(v), _label(v)) for v in values]


class AnonymousForm(FlaskForm):
    """What every anonymous report shares: the place, notes, a staged photo and the anti-abuse fields."""

    address = StringField(_l("Address or place"), validators=[Length(max=300)])
    lat = StringField(_l("Latitude"))
    lon = StringField(_l("Longitude"))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)])
    photo = FileField(_l("Photo (JPEG, PNG or WebP; its location data is removed)"))
    photo_token = HiddenField()
    photo_lat = HiddenField()
    photo_lon = HiddenField()
    altcha = HiddenField()
    started = HiddenField()
    # The honeypot: hidden from people by CSS; bots that fill every field give themselves away.
    website = StringField(_l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"})


class SubmitForm(AnonymousForm):
    camera_direction = StringField(_l("Direction it points (degrees from north, e.g. 90, or NE)"),
                                   validators=[Length(max=100)])
    surveillance_type = SelectField(_l("Kind of device"), choices=_options(SurveillanceType, None),
                                    default="camera")
    camera_type = SelectField(_l("Camera type"), choices=_options(CameraType))
    camera_mount = SelectField(_l("Mounted on"), choices=_options(MOUNTS))
    surveillance_zone = SelectField(_l("What it watches"), choices=_options(ZONES))
    operator = StringField(_l("Operator (choose a known one or name a new one)"),
                           validators=[Length(max=300)])
    same_as = HiddenField()

    def capability_fields(self) -> list[tuple[Any, Any]]:
        return [(getattr(self, f"cap_{c}"), getattr(self, f"evidence_{c}")) for c in Capability]

    def draft_data(self) -> dict[str, Any]:
        """The values in the names the submission service (and the JSON API) uses."""
        claims = [{"capability": c.value, "evidence": getattr(self, f"evidence_{c}").data or None}
                  for c in Capability if getattr(self, f"cap_{c}").data]
        data = {name: (getattr(self, name).data or None) for name in (
            "lat", "lon", "camera_direction", "surveillance_type", "camera_type", "camera_mount",
            "surveillance_zone", "operator", "notes")}
        data["capabilities"] = claims
        data["camera_id"] = self.same_as.data if self.same_as.data not in ("", "new", None) else None
        return data


for _capability in Capability:
    setattr(SubmitForm, f"cap_{_capability}", BooleanField(CAPABILITY_LABELS[_capability.value]))
    setattr(SubmitForm, f"evidence_{_capability}", StringField(
        _l("What you saw"), validators=[Length(max=300)],
        render_kw={"placeholder": _l("e.g. a sign, a vendor logo, two lenses")}))


SEEN_AGO = (0, 15, 30, 60, 120, 240, 480, 720)  # minutes
HOURS = (1, 2, 3, 4, 6, 8, 12)


class SightingForm(AnonymousForm):
    """"A camera van is here now": where, since when, for how long, and what was seen."""

    place = StringField(_l("Where, in words (optional)"), validators=[Length(max=300)],
                        render_kw={"placeholder": _l("e.g. outside the station, north exit")})
    # The choices' words (with plural forms) are set per request: web/sightings.py
    seen_ago = SelectField(_l("When did you see it?"), default="0",
                           choices=[SelectChoice(str(m), str(m)) for m in SEEN_AGO])
    hours = SelectField(_l("How long is it there from then? (expected, or what you saw)"),
                        default=str(sightings.DEFAULT_HOURS),
                        choices=[SelectChoice(str(h), str(h)) for h in HOURS])
    face_recognition = BooleanField(_l("It says or shows live facial recognition"))
    evidence = StringField(_l("What you saw"), validators=[Length(max=300)],
                           render_kw={"placeholder": _l("e.g. a sign, cameras on the roof, a police van")})
    operator = StringField(_l("Operator, if you know (e.g. the police force)"), validators=[Length(max=300)])
    timezone = HiddenField()

    def sighting_data(self) -> dict[str, Any]:
        """The values in the names of services/submissions/sightings.py."""
        data = {name: (getattr(self, name).data or None) for name in (
            "lat", "lon", "seen_ago", "hours", "timezone", "place", "operator", "notes", "evidence")}
        data["face_recognition"] = bool(self.face_recognition.data)
        return data


class ReportForm(FlaskForm):
    kind = SelectField(_l("What is wrong?"), choices=[
        SelectChoice(k, _l(REPORT_LABELS.get(k, v))) for k, v in REPORT_KINDS.items()])
    text = TextAreaField(_l("Details (optional)"), validators=[Length(max=1000)])
    altcha = HiddenField()
    started = HiddenField()


class ConfirmForm(FlaskForm):
    altcha = HiddenField()
    started = HiddenField()


class LoginForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])
    remember = BooleanField(_l("Keep me logged in on this device"))
