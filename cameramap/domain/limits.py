"""How long a camera's text fields may be, wherever they come from (API, forms, imports)."""

from __future__ import annotations

# The API's and the forms' limits (services.submissions.fields), and the columns' sizes (storage.models).
TEXT_LIMITS: dict[str, int] = {
    "notes": 2000, "operator": 300, "evidence": 300,
    "surveillance_type": 64, "surveillance": 64, "surveillance_zone": 64, "camera_type": 64,
    "camera_mount": 64, "camera_direction": 200, "manufacturer": 200, "model": 200, "vendor": 200,
    "source_record_id": 300,
}
TAG_VALUE_LIMIT = 2000  # a raw column kept on a record's provenance link


def clipped(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"
