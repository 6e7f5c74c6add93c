"""Controlled vocabularies: OSM's surveillance tags plus our capability claims."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from .errors import UsageError


class SurveillanceType(StrEnum):
    CAMERA = "camera"
    ALPR = "ALPR"
    GUARD = "guard"
    GUNSHOT_DETECTOR = "gunshot_detector"
    WEBCAM = "webcam"


class CameraType(StrEnum):
    FIXED = "fixed"
    DOME = "dome"
    PANNING = "panning"
    PANORAMA = "panorama"
    DOORBELL = "doorbell"


class CameraStatus(StrEnum):
    REPORTED = "reported"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    REMOVED = "removed"


class Capability(StrEnum):
    FACE_RECOGNITION = "face_recognition"
    LICENCE_PLATE_RECOGNITION = "licence_plate_recognition"
    PTZ_ZOOM = "ptz_zoom"
    NIGHT_VISION = "night_vision"
    AUDIO = "audio"
    ANALYTICS = "analytics"
    CENTRAL_PLATFORM_LINK = "central_platform_link"


class Confidence(StrEnum):
    CLAIMED = "claimed"
    LIKELY = "likely"
    CONFIRMED = "confirmed"


class EvidenceKind(StrEnum):
    OSM_TAG = "osm_tag"
    PHOTO = "photo"
    SIGN = "sign"
    DATASHEET = "datasheet"
    PROCUREMENT_RECORD = "procurement_record"
    FOI_ANSWER = "foi_answer"
    OFFICIAL_REGISTRY = "official_registry"
    NEWS = "news"
    OBSERVATION = "observation"


class SourceKind(StrEnum):
    OPEN_DATA = "open_data"
    OSM = "osm"
    OFFICIAL_REGISTRY = "official_registry"
    CROWD = "crowd"


class OperatorKind(StrEnum):
    POLICE = "police"
    MUNICIPAL = "municipal"
    TRANSPORT = "transport"
    GOVERNMENT = "government"
    PRIVATE = "private"
    RETAIL = "retail"
    EDUCATION = "education"
    OTHER = "other"
    UNKNOWN = "unknown"


class ActorKind(StrEnum):
    MODERATOR = "moderator"
    IMPORT = "import"
    SUBMISSION = "submission"
    SYSTEM = "system"


CONFIDENCE_RANK = {Confidence.CLAIMED: 0, Confidence.LIKELY: 1, Confidence.CONFIRMED: 2}

# The marker classes on the map: ALPR and guard come from surveillance_type, the rest from camera_type.
MARKER_KINDS = ("fixed", "dome", "panning", "ALPR", "guard", "unknown")


def marker_kind(surveillance_type: str | None, camera_type: str | None) -> str:
    """The map marker class of a camera."""
    if surveillance_type in (SurveillanceType.ALPR, SurveillanceType.GUARD):
        return str(surveillance_type)
    if camera_type in ("fixed", "dome", "panning"):
        return str(camera_type)
    return "unknown"


E = TypeVar("E", bound=StrEnum)


def choice(enum: type[E], value: object, parameter: str) -> E:
    """Validate a vocabulary value, case-insensitively; raise UsageError naming the parameter."""
    text = str(value).strip()
    for member in enum:
        if member.value.lower() == text.lower():
            return member
    allowed = ", ".join(m.value for m in enum)
    raise UsageError(f"unknown {parameter} {text!r}; expected one of: {allowed}", parameter=parameter)
