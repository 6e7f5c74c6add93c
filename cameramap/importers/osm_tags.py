"""Map OpenStreetMap surveillance tags onto CameraRecord fields and implied capability claims."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date

from ..domain.direction import format_direction, parse_direction
from ..domain.errors import UsageError
from ..domain.geo import Point
from ..domain.records import CameraRecord, ClaimRecord

DIRECTION_TAGS = ("camera:direction", "direction", "surveillance:direction")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def _number(text: str | None) -> float | None:
    """First number in a tag value such as `4`, `4 m`, `3,5`; None when there is none."""
    if not text:
        return None
    match = _NUMBER.search(text)
    value = float(match.group().replace(",", ".")) if match else None
    return value if value is not None and math.isfinite(value) else None


def _date(text: str | None) -> date | None:
    """OSM dates: YYYY, YYYY-MM or YYYY-MM-DD (the first day of the period)."""
    if not text:
        return None
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text.strip())
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def _direction(tags: Mapping[str, str]) -> str | None:
    for key in DIRECTION_TAGS:
        if tags.get(key):
            try:
                return format_direction(parse_direction(tags[key]))
            except UsageError:
                continue
    return None


def direction_note(tags: Mapping[str, str], direction: str | None) -> tuple[str, ...]:
    """A note on an object whose direction tag could not be read (a direction of 361, say)."""
    raw = next((tags[k] for k in DIRECTION_TAGS if tags.get(k)), None)
    if raw is None or direction is not None:
        return ()
    return (f"camera_direction {raw[:40]!r} cannot be read (a direction is 0..360 degrees or a compass "
            "point); left empty",)


def _legacy_camera_type(tags: Mapping[str, str]) -> str | None:
    """The older tag `revolving=yes` describes what `camera:type=panning` says today."""
    return "panning" if tags.get("revolving") == "yes" else None


def implied_claims(tags: Mapping[str, str]) -> list[ClaimRecord]:
    """Capabilities implied by tags are `likely`, with the tag itself as evidence."""
    claims = []
    stype = (tags.get("surveillance:type") or "").lower()
    if stype in {"alpr", "anpr"}:
        claims.append(ClaimRecord("licence_plate_recognition", "likely", "osm_tag",
                                  f"surveillance:type={tags['surveillance:type']}"))
    if (tags.get("camera:type") or "").lower() == "panning":
        claims.append(ClaimRecord("ptz_zoom", "likely", "osm_tag", "camera:type=panning"))
    elif not tags.get("camera:type") and tags.get("revolving") == "yes":
        claims.append(ClaimRecord("ptz_zoom", "likely", "osm_tag", "revolving=yes"))
    return claims


def fields_from_tags(tags: Mapping[str, str]) -> dict[str, object]:
    """CameraRecord arguments (but point and id) read from a surveillance object's tags."""
    stype = tags.get("surveillance:type")
    if stype and stype.lower() in {"alpr", "anpr"}:
        stype = "ALPR"
    return {
        "surveillance_type": stype or None,
        "surveillance": tags.get("surveillance") or None,
        "surveillance_zone": tags.get("surveillance:zone") or None,
        "camera_type": tags.get("camera:type") or _legacy_camera_type(tags),
        "camera_mount": tags.get("camera:mount") or None,
        "camera_direction": _direction(tags),
        "camera_angle": _number(tags.get("camera:angle")),
        "height": _number(tags.get("height") or tags.get("est_height")),
        "manufacturer": tags.get("manufacturer") or tags.get("brand") or None,
        "model": tags.get("model") or tags.get("camera:model") or None,
        "operator": tags.get("operator") or None,
        "first_seen": _date(tags.get("start_date")),
        "last_verified": _date(tags.get("check_date") or tags.get("survey:date")),
        "notes": tags.get("description") or tags.get("note") or None,
        "tags": {str(k): str(v) for k, v in tags.items()},
        "claims": implied_claims(tags),
    }


def record_from_tags(point: Point, source_record_id: str, tags: Mapping[str, str]) -> CameraRecord:
    """Build a CameraRecord from a man_made=surveillance object's tags (raw tags kept)."""
    return CameraRecord(point=point, source_record_id=source_record_id,
                        **fields_from_tags(tags))  # type: ignore[arg-type]


def looks_like_surveillance(tags: Mapping[str, object]) -> bool:
    """True for man_made=surveillance or any surveillance* / camera:* key."""
    if tags.get("man_made") == "surveillance":
        return True
    return any(str(k).startswith(("surveillance", "camera:")) for k in tags)
