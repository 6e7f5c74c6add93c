"""Mapping profiles for published deployment tables: which column holds the date, the place, each figure."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..domain.deployments import OUTCOME_FIELDS, zone
from ..domain.errors import UsageError
from ..domain.vocabulary import SourceKind, choice
from .items import FileError

# What a column may hold; `times` is "10:30 - 15:17" (start and end in one cell).
COLUMN_FIELDS = frozenset({
    "date", "location", "area", "start", "end", "times", "duration", "operator", "system", "vendor",
    "use_case", "threshold", "total_alerts", "lon", "lat", "geometry", "notes", *OUTCOME_FIELDS,
})
CONSTANT_FIELDS = frozenset({"operator", "system", "vendor", "use_case"})
TOP_KEYS = frozenset({"source", "format", "encoding", "sheet", "timezone", "day_first", "columns", "set",
                      "address_suffix", "description"})
SOURCE_KEYS = ("name", "kind", "url", "licence", "attribution")


@dataclass(slots=True)
class DeploymentMapping:
    """A parsed profile. Column names are matched ignoring case, spacing and line breaks."""

    columns: dict[str, str]  # field -> column header as published
    source: dict[str, str] = field(default_factory=dict)
    format: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    timezone: str = "Europe/London"
    day_first: bool = True
    set: dict[str, str] = field(default_factory=dict)
    address_suffix: str | None = None


def _names(given: dict[str, Any], allowed: frozenset[str], where: str) -> dict[str, str]:
    unknown = set(given) - allowed
    if unknown:
        raise FileError(f"mapping {where}: unknown fields {sorted(unknown)}; expected some of: "
                        f"{', '.join(sorted(allowed))}", parameter="mapping")
    return {k: str(v) for k, v in given.items()}


def parse_deployment_mapping(data: dict[str, Any]) -> DeploymentMapping:
    """Validate a profile's data: unknown keys are errors; a date and a location column are required."""
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise FileError(f"mapping: unknown keys {sorted(unknown)}", parameter="mapping")
    columns = _names(dict(data.get("columns") or {}), COLUMN_FIELDS, "columns")
    missing = {"date", "location"} - set(columns)
    if missing:
        raise FileError(f"mapping columns must name {sorted(missing)}", parameter="mapping")
    source = {k: str(v) for k, v in (data.get("source") or {}).items() if k in SOURCE_KEYS}
    try:
        if "kind" in source:
            source["kind"] = choice(SourceKind, source["kind"], "source.kind").value
        timezone = str(data.get("timezone") or "Europe/London")
        zone(timezone)
    except UsageError as err:
        raise FileError(f"mapping: {err.message}", parameter="mapping") from None
    return DeploymentMapping(
        columns=columns, source=source, format=data.get("format"), encoding=data.get("encoding"),
        sheet=data.get("sheet"), timezone=timezone, day_first=bool(data.get("day_first", True)),
        set=_names(dict(data.get("set") or {}), CONSTANT_FIELDS, "set"),
        address_suffix=data.get("address_suffix"),
    )


def load_deployment_mapping(path: str | Path) -> DeploymentMapping:
    """Read a YAML profile (see data/README.md, "Deployment records")."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise FileError(f"cannot read mapping {path.name}: {err}", parameter="mapping") from None
    if not isinstance(data, dict):
        raise FileError(f"mapping {path.name} must be a table of keys", parameter="mapping")
    return parse_deployment_mapping(data)
