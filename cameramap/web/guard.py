"""Form guards: honeypot, minimum fill time, proof of work (or, without JavaScript, a longer wait)
and the address look-up through the geocoding API when this server has one."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError, UsageError
from ..domain.geo import Point
from ..extensions import settings
from ..protection.proofofwork import check_proof_of_work, pow_settings, replay_store
from ..services.submissions import pow

FORM_LIFETIME_S = 6 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings().secret_key, salt="cameramap-form-start")


def start_token() -> str:
    """A signed, timestamped nonce put in each form when it is shown."""
    return _serializer().dumps(secrets.token_hex(12))


def pow_on() -> bool:
    return pow_settings()[0]


def form_point(form: Any) -> Point | None:
    try:
        return Point.checked(form.lon.data, form.lat.data)
    except (DomainError, AttributeError):
        return None


def check_honeypot(form: Any) -> None:
    if getattr(form, "website", None) is not None and form.website.data:
        raise UsageError(_("This form looks automated (a field hidden from people was filled in). "
                           "Nothing was saved."), parameter="form", code="honeypot")


def _age(form: Any, button: bool) -> tuple[str, float]:
    try:
        nonce, issued = _serializer().loads(form.started.data or "", max_age=FORM_LIFETIME_S,
                                            return_timestamp=True)
    except SignatureExpired:
        raise UsageError(_("This page is too old; please reload it and press the button again.") if button
                         else _("This form is too old; please reload the page."), parameter="form") from None
    except BadSignature:
        raise UsageError(_("This page is incomplete; please reload it.") if button else
                         _("This form is incomplete; please reload the page."), parameter="form") from None
    return str(nonce), time.time() - issued.timestamp()


def check_human(form: Any, *, button: bool = False) -> str:
    """The submission channel after the minimum fill time and the proof of work (or its fallback).

    A one-button form (`button=True`, "I saw it too") has nothing to fill in: it skips the minimum
    fill time, since the proof of work (or, without JavaScript, the wait) is enough, and its
    messages speak of a button.
    """
    nonce, age = _age(form, button)
    if not button and age < settings().form_min_seconds:
        raise UsageError(_("That was quicker than a person fills in the form. Please check the values "
                           "and send it again."), parameter="form", code="too_fast")
    if form.altcha.data or not pow_on():
        check_proof_of_work(form.altcha.data)
        return "form"
    return _without_script(nonce, age, button)


def _without_script(nonce: str, age: float, button: bool) -> str:
    """Without JavaScript (no proof of work): a longer wait since the page was shown, once per page."""
    wait = settings().noscript_min_seconds
    if wait <= 0:
        raise pow.ProofOfWorkFailed(_("This button needs JavaScript for its anti-spam check.") if button
                                    else _("This form needs JavaScript for its anti-spam check."),
                                    parameter="form")
    if age < wait:
        left = int(wait - age) + 1
        raise pow.ProofOfWorkFailed(
            ngettext("Without JavaScript the anti-spam check is a short wait: please press the button again "
                     "in %(num)d second.", "Without JavaScript the anti-spam check is a short wait: please "
                     "press the button again in %(num)d seconds.", left) if button else
            ngettext("Without JavaScript the anti-spam check is a short wait: please send the form again "
                     "in %(num)d second.", "Without JavaScript the anti-spam check is a short wait: please "
                     "send the form again in %(num)d seconds.", left),
            parameter="form", code="wait")
    expires = datetime.now(UTC) + timedelta(seconds=FORM_LIFETIME_S)
    if not replay_store().remember(f"form:{nonce}", expires):
        raise pow.ProofOfWorkFailed(_("This was already sent; please reload the page.") if button
                                    else _("This form was already sent; please reload the page."),
                                    parameter="form", code="proof_of_work_replayed")
    return "noscript"


def locate(form: Any) -> dict[str, Any]:
    """Geocode the typed address through GET /api/v1/geocode (if this server offers it)."""
    address = (form.address.data or "").strip()
    if not address:
        return {"errors": {"address": _("Type an address or a place to look for.")}}
    answer = _call_geocoder(address)
    if answer is None:
        return {"errors": {"address": _("Address search is not available on this server; "
                                        "place the camera on the map or type its coordinates.")}}
    if answer.get("status") == "ok" and "lat" in answer:
        form.lat.data, form.lon.data = f"{answer['lat']:.7f}", f"{answer['lon']:.7f}"
        return {"message": _("Found: %(label)s. Check the position before saving.",
                             label=answer.get("label") or address)}
    if answer.get("status") == "unavailable":
        return {"errors": {"address": _("Address search is unavailable right now; try again later or "
                                        "place the camera on the map.")}}
    labels = [c.get("label") for c in answer.get("candidates", []) if c.get("label")]
    if labels:
        return {"errors": {"address": _("No place matched “%(address)s”. Did you mean: %(places)s?",
                                        address=address, places="; ".join(labels[:3]))}}
    return {"errors": {"address": _("No place matched “%(address)s”.", address=address)}}


def _call_geocoder(address: str) -> dict[str, Any] | None:
    """The geocoding endpoint's JSON, called in-process; None when the server has no geocoder."""
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, args = adapter.match("/api/v1/geocode", method="GET")
    except HTTPException:
        return None
    view = current_app.view_functions[endpoint]
    try:
        with current_app.test_request_context("/api/v1/geocode", query_string={"q": address}):
            answer: Any = view(**args)
            response = current_app.make_response(answer)
    except (DomainError, HTTPException):
        return {"status": "no_match", "candidates": []}
    if response.status_code >= 500 or not response.is_json:
        return {"status": "unavailable"}
    return response.get_json(silent=True) or {"status": "unavailable"}

