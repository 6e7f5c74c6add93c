"""Validation of submitted camera fields (form and JSON API share it): names as in the camera model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...domain.direction import format_direction, parse_direction
from ...domain.errors import UsageError
from ...domain.geo import Point
from ...domain.limits import TEXT_LIMITS
from ...domain.vocabulary import CameraType, Capability, SurveillanceType, choice

MOUNTS = ("wall", "pole", "ceiling", "street_lamp", "building", "traffic_signal")
ZONES = ("town", "traffic", "parking", "shop", "bank", "building", "entrance", "area")
MAX_TEXT = {name: TEXT_LIMITS[name] for name in ("operator", "notes", "evidence")}
MAX_CAMERA_ID = 2**31 - 1  # ids are 32-bit integers on every backend
DIGITS = re.compile(r"\s*\+?[0-9]{1,12}\s*")
FIELDS = ("lat", "lon", "surveillance_type", "surveillance_zone", "camera_type", "camera_mount",
          "camera_direction", "operator", "capabilities", "notes", "camera_id", "photo")


@dataclass
class Draft:
    """A validated submission: a point, OSM-style values and capability claims with what was seen."""

    point: Point
    surveillance_type: str = "camera"
    surveillance_zone: str | None = None
    camera_type: str | None = None
    camera_mount: str | None = None
    camera_direction: str | None = None
    operator: str | None = None
    capabilities: list[dict[str, str]] = field(default_factory=list)
    notes: str | None = None
    camera_id: int | None = None


def _text(value: Any, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UsageError(f"{name} must be text", parameter=name)
    text = " ".join(str(value).split()) if name != "notes" else str(value).strip()
    if not storable(text):
        raise UsageError(f"{name} contains a character that is not text", parameter=name)
    if len(text) > limit:
        raise UsageError(f"{name} is longer than {limit} characters", parameter=name)
    return text or None


def storable(text: str) -> bool:
    """False for NUL characters and lone surrogates (JSON escapes such as \\ud800): no database
    stores them."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _listed(value: Any, allowed: tuple[str, ...], name: str) -> str | None:
    text = _text(value, name, 64)
    if text is None:
        return None
    if text.lower() not in allowed:
        raise UsageError(f"unknown {name} {text!r}; expected one of: {', '.join(allowed)}", parameter=name)
    return text.lower()


def _capabilities(value: Any) -> list[dict[str, str]]:
    """A list of capability names, or of {capability, evidence} objects (what the submitter saw)."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > len(Capability):
        raise UsageError("capabilities must be a list (at most one entry per capability)",
                         parameter="capabilities")
    claims: dict[str, dict[str, str]] = {}
    for item in value:
        entry = item if isinstance(item, dict) else {"capability": item}
        name = choice(Capability, entry.get("capability"), "capabilities").value
        claim = {"capability": name}
        evidence = _text(entry.get("evidence"), "evidence", MAX_TEXT["evidence"])
        if evidence:
            claim["evidence"] = evidence
        claims[name] = claim
    return list(claims.values())


def _camera_id(value: Any) -> int | None:
    if value in (None, "", "new"):
        return None
    if isinstance(value, str):
        number = int(value) if DIGITS.fullmatch(value) else 0
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        number = 0
    if not 0 < number <= MAX_CAMERA_ID:
        raise UsageError("camera_id must be a camera's number", parameter="camera_id")
    return number


def _direction(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UsageError("camera_direction must be degrees or text such as 90;180 or NE",
                         parameter="camera_direction")
    return format_direction(parse_direction(value))


def _coordinate(value: Any, name: str) -> Any:
    """A number or a numeric string (as forms send it); never true/false, a list or an object."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UsageError(f"{name} must be a number", parameter=name)
    return value


def _present(value: Any, name: str) -> str | None:
    """A vocabulary value as text; absent when null or blank."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if not isinstance(value, str):
        raise UsageError(f"{name} must be text", parameter=name)
    return value


def parse_draft(data: dict[str, Any]) -> Draft:
    """Validate submitted values; raise UsageError naming the first bad parameter."""
    if not isinstance(data, dict):
        raise UsageError("the body must be a JSON object", parameter="body")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise UsageError(f"unknown field {unknown[0]!r}", parameter=unknown[0])
    if data.get("lat") in (None, "") or data.get("lon") in (None, ""):
        raise UsageError("lat and lon are required: place the camera on the map", parameter="lat")
    surveillance_type = _present(data.get("surveillance_type"), "surveillance_type") or "camera"
    camera_type = _present(data.get("camera_type"), "camera_type")
    return Draft(
        point=Point.checked(_coordinate(data["lon"], "lon"), _coordinate(data["lat"], "lat")),
        surveillance_type=choice(SurveillanceType, surveillance_type, "surveillance_type").value,
        surveillance_zone=_listed(data.get("surveillance_zone"), ZONES, "surveillance_zone"),
        camera_type=choice(CameraType, camera_type, "camera_type").value if camera_type else None,
        camera_mount=_listed(data.get("camera_mount"), MOUNTS, "camera_mount"),
        camera_direction=_direction(data.get("camera_direction")),
        operator=_text(data.get("operator"), "operator", MAX_TEXT["operator"]),
        capabilities=_capabilities(data.get("capabilities")),
        notes=_text(data.get("notes"), "notes", MAX_TEXT["notes"]),
        camera_id=_camera_id(data.get("camera_id")),
    )
