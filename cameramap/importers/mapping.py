"""Per-dataset mapping profiles (YAML or TOML): which column is the id, the coordinates, each field."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..domain.records import CameraRecord, ClaimRecord
from ..domain.vocabulary import Capability, Confidence, SourceKind, choice
from .items import FileError

MODEL_FIELDS = frozenset(CameraRecord.CAMERA_FIELDS) | {"operator"}
SOURCE_KEYS = ("name", "kind", "url", "licence", "attribution")
TOP_KEYS = {"source", "format", "encoding", "crs", "swap_xy", "id", "coordinates", "address",
            "address_suffix", "fields", "set", "capabilities", "values", "description", "header"}


@dataclass(slots=True)
class Mapping:
    """A parsed profile; every part optional. See data/README.md for the format."""

    source: dict[str, str] = field(default_factory=dict)
    format: str | None = None
    encoding: str | None = None
    crs: str | None = None
    swap_xy: bool = False
    id: str | None = None  # a column, or "none" to force a content hash
    coordinates: dict[str, str] = field(default_factory=dict)  # lat/lon | x/y | packed (+ order)
    address: list[str] = field(default_factory=list)
    address_suffix: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # model field -> column or "{template}"
    set: dict[str, Any] = field(default_factory=dict)  # model field -> constant
    capabilities: list[ClaimRecord] = field(default_factory=list)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # model field -> {raw: value}
    header: bool | None = None  # CSV: the first row is (true) or is not (false) a header; unset: detect


def _named_columns(mapping: Mapping) -> list[tuple[str, str]]:
    """(where in the profile, column) for every column the profile names."""
    named = [("id", mapping.id)] if mapping.id and mapping.id.lower() != "none" else []
    named += [(f"coordinates.{k}", v) for k, v in mapping.coordinates.items() if k != "order"]
    named += [("address", column) for column in mapping.address]
    for name, spec in mapping.fields.items():
        columns = re.findall(r"\{([^{}]+)\}", spec) if "{" in spec else [spec]
        named += [(f"fields.{name}", column) for column in columns]
    return named


def check_columns(mapping: Mapping, columns: list[str]) -> None:
    """Every column the profile names must be in the file: a typo stops the import, with the
    columns there are and the nearest one."""
    missing = [(where, column) for where, column in _named_columns(mapping) if column not in columns]
    if not missing:
        return
    lines = []
    for where, column in missing:
        folded = {c.lower(): c for c in columns}
        near = [folded[column.lower()]] if column.lower() in folded else \
            difflib.get_close_matches(column, columns, n=1, cutoff=0.6)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        lines.append(f"{where} names column {column!r}, which the file does not have{hint}")
    shown = ", ".join(repr(c) for c in columns[:60]) + (" ..." if len(columns) > 60 else "")
    raise FileError(f"mapping: {'; '.join(lines)}. The file's columns: {shown}", parameter="mapping")


def _check_fields(names: object, where: str) -> None:
    for name in names:  # type: ignore[attr-defined]
        if name not in MODEL_FIELDS:
            allowed = ", ".join(sorted(MODEL_FIELDS))
            raise FileError(f"mapping {where}: unknown field {name!r}; expected one of: {allowed}",
                            parameter="mapping")


def _claim(entry: object) -> ClaimRecord:
    spec = {"capability": entry} if isinstance(entry, str) else dict(entry)  # type: ignore[call-overload]
    capability = choice(Capability, spec.get("capability", ""), "capability").value
    confidence = choice(Confidence, spec.get("confidence", "likely"), "confidence").value
    return ClaimRecord(capability, confidence, spec.get("evidence_kind", "official_registry"),
                       spec.get("evidence_text"), spec.get("evidence_url"), spec.get("vendor"))


def parse_mapping(data: dict[str, Any]) -> Mapping:
    """Validate a profile's parsed data (unknown keys and fields are errors, not ignored)."""
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise FileError(f"mapping: unknown keys {sorted(unknown)}", parameter="mapping")
    fields, constants = dict(data.get("fields") or {}), dict(data.get("set") or {})
    _check_fields(fields, "fields")
    _check_fields(constants, "set")
    _check_fields(data.get("values") or {}, "values")
    source = {k: str(v) for k, v in (data.get("source") or {}).items() if k in SOURCE_KEYS}
    if "kind" in source:
        source["kind"] = choice(SourceKind, source["kind"], "source.kind").value
    address = data.get("address") or []
    try:
        claims = [_claim(c) for c in data.get("capabilities") or []]
    except (TypeError, ValueError) as err:
        raise FileError(f"mapping capabilities: {err}", parameter="mapping") from None
    return Mapping(
        source=source, format=data.get("format"), encoding=data.get("encoding"), crs=data.get("crs"),
        swap_xy=bool(data.get("swap_xy", False)), id=data.get("id"),
        coordinates={k: str(v) for k, v in (data.get("coordinates") or {}).items()},
        address=[address] if isinstance(address, str) else list(address),
        address_suffix=data.get("address_suffix"), fields={k: str(v) for k, v in fields.items()},
        set=constants, capabilities=claims,
        values={k: {str(a).lower(): b for a, b in v.items()} for k, v in (data.get("values") or {}).items()},
        header=None if data.get("header") is None else bool(data["header"]),
    )


def load_mapping(path: str | Path) -> Mapping:
    """Read a YAML (.yaml/.yml) or TOML (.toml) profile."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, tomllib.TOMLDecodeError) as err:
        raise FileError(f"cannot read mapping {path.name}: {err}", parameter="mapping") from None
    if not isinstance(data, dict):
        raise FileError(f"mapping {path.name} must be a table of keys", parameter="mapping")
    return parse_mapping(data)
