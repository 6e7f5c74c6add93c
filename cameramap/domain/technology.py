"""Vocabulary for technology that has no place (face search, body-worn cameras...) and vendor partnerships."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from .errors import UsageError


class TechnologyKind(StrEnum):
    """Surveillance an operator uses (or a vendor supplies) that is not a street camera with a place."""

    RETROSPECTIVE_FACE_SEARCH = "retrospective_face_search"  # stills searched after the event
    SCRAPED_FACE_SEARCH = "scraped_face_search"  # against photos scraped from the web (Clearview)
    MOBILE_LIVE_FACE_RECOGNITION = "mobile_live_face_recognition"  # vans parked for a few hours
    OPERATOR_INITIATED_FACE_RECOGNITION = "operator_initiated_face_recognition"  # an officer's phone app
    BODY_WORN_CAMERA = "body_worn_camera"
    FACE_RECOGNITION_GLASSES = "face_recognition_glasses"
    DRONE_CAMERA = "drone_camera"
    OTHER = "other"


class TechnologyStatus(StrEnum):
    IN_USE = "in_use"  # the operator says so, or a court/regulator found it
    TRIAL = "trial"
    ENDED = "ended"
    REPORTED = "reported"  # only reported by others (news, researchers)


class PartnershipKind(StrEnum):
    PARTNERSHIP = "partnership"
    INTEGRATION = "integration"  # one's product runs inside the other's (a plug-in, a certified driver)
    RESELLER = "reseller"
    INVESTMENT = "investment"


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def partial_date(value: object, parameter: str = "date") -> str | None:
    """A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD (YAML may give a date or a year)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    match = _PARTIAL.match(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day_ = (int(g) if g else 1 for g in match.groups())
        date(year, month, day_)
    except ValueError:
        raise UsageError(f"{parameter} must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {text[:50]!r}",
                         parameter=parameter) from None
    return text


def date_window(since: object, until: object) -> tuple[str | None, str | None]:
    """Since and until as partial dates; until may not come before since (compared as far as both go)."""
    start, end = partial_date(since, "since"), partial_date(until, "until")
    if start and end:
        common = min(len(start), len(end))
        if end[:common] < start[:common]:
            raise UsageError(f"until ({end}) comes before since ({start})", parameter="until")
    return start, end
