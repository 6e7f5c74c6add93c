"""Records that importers yield and services store: a camera as one source saw it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .geo import Point


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A capability claim attached to an incoming record."""

    capability: str
    confidence: str = "likely"
    evidence_kind: str | None = None
    evidence_text: str | None = None
    evidence_url: str | None = None
    vendor: str | None = None


@dataclass(slots=True)
class CameraRecord:
    """One camera as described by one source record; all fields optional but the point."""

    point: Point
    source_record_id: str
    surveillance_type: str | None = None
    surveillance: str | None = None
    surveillance_zone: str | None = None
    camera_type: str | None = None
    camera_mount: str | None = None
    camera_direction: str | None = None
    camera_angle: float | None = None
    height: float | None = None
    manufacturer: str | None = None
    model: str | None = None
    operator: str | None = None
    first_seen: date | None = None
    last_verified: date | None = None
    notes: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    claims: list[ClaimRecord] = field(default_factory=list)

    CAMERA_FIELDS = (
        "surveillance_type", "surveillance", "surveillance_zone", "camera_type", "camera_mount",
        "camera_direction", "camera_angle", "height", "manufacturer", "model", "first_seen",
        "last_verified", "notes",
    )

    def camera_values(self) -> dict[str, object]:
        """The values that go onto the camera row (operator and claims are separate)."""
        values: dict[str, object] = {f: getattr(self, f) for f in self.CAMERA_FIELDS}
        values["lon"], values["lat"] = self.point.rounded()
        return values


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change: kind is an ActorKind value; name is a moderator or an import source."""

    kind: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """Where records come from, as the importer or the demo loader names it."""

    name: str
    kind: str
    url: str | None = None
    licence: str | None = None
    attribution: str | None = None
