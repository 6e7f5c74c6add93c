"""Turn one row (column -> value) into CameraRecord fields: built-in rules, then the mapping profile."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import orjson

from ..domain.limits import TEXT_LIMITS
from ..domain.records import ClaimRecord
from . import values as cells
from .coords import normalize_name
from .describe import DESCRIBING, description, within_limits
from .items import ReadOptions
from .keywords import apply_keywords
from .mapping import MODEL_FIELDS, Mapping, check_columns
from .osm_tags import direction_note, fields_from_tags, looks_like_surveillance

SYNONYMS: dict[str, tuple[str, ...]] = {
    "operator": ("operator", "owner", "agency", "operated_by", "betreiber", "exploitant", "operador",
                 "оператор", "владелец", "운영기관", "관리기관", "department"),
    "surveillance_type": ("surveillance_type",),
    "surveillance": ("surveillance",),
    "surveillance_zone": ("surveillance_zone", "zone"),
    "camera_type": ("camera_type", "cameratype"),
    "camera_mount": ("camera_mount", "mount", "mounting"),
    "camera_direction": ("camera_direction", "direction", "bearing", "heading", "azimuth", "richtung",
                         "направление", "방향"),
    "camera_angle": ("camera_angle", "tilt"),
    "height": ("height", "höhe", "hoehe", "высота", "높이"),
    "manufacturer": ("manufacturer", "brand", "vendor", "make", "hersteller", "производитель"),
    "model": ("model", "camera_model"),
    "first_seen": ("first_seen", "start_date", "installed", "install_date", "installation_date",
                   "date_installed", "go_live_date", "golive_date", "activation_date", "go_live"),
    "last_verified": ("last_verified", "check_date", "survey_date"),
}
ID_NAMES = ("id", "objectid", "object_id", "osm_id", "@id", "camera_id", "cameraid", "site_id", "uid",
            "uuid", "fid", "gid")
ADDRESS_NAMES = ("address", "addr", "street_address", "full_address", "adresse", "anschrift", "direccion",
                 "dirección", "indirizzo", "адрес", "주소", "住所", "intersection", "location_description")
HINT_NAMES = ("type", "kind", "category", "class", "camera_type", "surveillance_type", "enforcement_type",
              "program", "description", "name", "camera_kind", "тип", "유형")
TAG_COLUMNS = ("tags", "osm_tags", "other_tags")
ID_LIMIT = TEXT_LIMITS["source_record_id"]
SHORT = min(TEXT_LIMITS.values())  # a row whose cells are all this short needs no cutting
UNREADABLE = {"camera_direction": "a direction is 0..360 degrees or a compass point",
              "first_seen": "not a date", "last_verified": "not a date", "height": "not a number",
              "camera_angle": "not a number"}
SKIP_TAGS = {"geometry"}
_TEMPLATE = re.compile(r"\{([^{}]+)\}")


def _find(norm: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((norm[n] for n in names if n in norm), None)


def _tag_dict(value: Any) -> dict[str, str] | None:
    if isinstance(value, str) and value.startswith("{"):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return None
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v is not None}
    return None


def _tag_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return orjson.dumps(value, default=str).decode() if isinstance(value, dict | list) else str(value)


def _claims(value: Any) -> list[ClaimRecord] | None:
    """Claims from a `capabilities` cell as our own exports write it (list of objects)."""
    if isinstance(value, str) and value.startswith("["):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return None
    if not isinstance(value, list):
        return None
    return [_claim(c) for c in value if isinstance(c, dict) and c.get("capability")]


def _claim(cell: dict[str, Any]) -> ClaimRecord:
    """One claim object as text; a missing confidence takes the record's default, never NULL."""
    text = {str(k): str(v) for k, v in cell.items() if v is not None}
    optional = ("confidence", "evidence_kind", "evidence_text", "evidence_url", "vendor")
    return ClaimRecord(text["capability"], **{k: text[k] for k in optional if k in text})


def _long(row: dict[str, Any], text_cells: bool = False) -> bool:
    """Whether a cell may exceed a field's size (a long text, or nested values); `text_cells`: every
    cell is a str (a CSV row)."""
    if text_cells:
        return max(map(len, row.values()), default=0) > SHORT
    for value in row.values():
        if isinstance(value, str):
            if len(value) > SHORT:
                return True
        elif isinstance(value, dict | list):
            return True
    return False


def _tags(row: dict[str, Any], text_cells: bool = False) -> dict[str, str]:
    """A row's cells as raw tags (text as it is, other values as JSON or text), empty ones left out."""
    if text_cells:
        return {k: v for k, v in row.items() if v and k not in SKIP_TAGS}
    return {k: _tag_text(v) for k, v in row.items() if v is not None and v != "" and k not in SKIP_TAGS}


class RowMapper:
    """Decides once per file which column feeds which field, then maps each row quickly."""

    def __init__(self, columns: list[str], options: ReadOptions, skip: set[str] | None = None,
                 placed: set[str | None] | None = None, text_cells: bool = False):
        """`skip`: columns that are not the record's (left out of its content hash); `placed`: the
        columns the coordinates come from (never notes); `text_cells`: every cell of a row is a str."""
        self.text_cells = text_cells
        self.mapping: Mapping = options.mapping or Mapping()
        check_columns(self.mapping, columns)
        self.options = options
        self.columns = [c for c in columns if c not in (skip or set())]
        norm = {normalize_name(c): c for c in reversed(self.columns)}
        self.describing = [c for c in self.columns if normalize_name(c) in DESCRIBING
                           and c not in (placed or set())]
        self.exact = {f: norm[f] for f in MODEL_FIELDS if f in norm}
        self.synonyms = {f: c for f, names in SYNONYMS.items() if f not in self.exact
                         and (c := _find(norm, names)) is not None}
        self.tag_column = _find(norm, TAG_COLUMNS)
        self.capabilities = norm.get("capabilities")
        self.id_column = self._id_column(norm)
        self.address = self.mapping.address or [c for c in [_find(norm, ADDRESS_NAMES)] if c]
        self.hints = [c for n in HINT_NAMES if (c := norm.get(n))]
        self.osm_like = "man_made" in norm or any(n.startswith(("surveillance_", "camera_")) and ":" in c
                                                   for n, c in norm.items())
        self.dataset_hint = options.dataset
        # per column, once: which field it feeds and the function that reads its cells
        self.exact_read = [(f, c, cells.converter(f)) for f, c in self.exact.items()]
        self.synonym_read = [(f, c, cells.converter(f)) for f, c in self.synonyms.items()]
        mapping = self.mapping
        self.mapped = bool(mapping.fields or mapping.values or mapping.set or mapping.capabilities)

    def _id_column(self, norm: dict[str, str]) -> str | None:
        if self.mapping.id:
            return None if self.mapping.id.lower() == "none" else self.mapping.id
        return _find(norm, ID_NAMES)

    def source_id(self, row: dict[str, Any]) -> str:
        """The id column's value, else a stable digest of the row's content."""
        if self.id_column:
            value = cells.text(row.get(self.id_column))
            if value and len(value) > ID_LIMIT:  # an id that long is content: key on its digest
                return "long-" + hashlib.blake2b(value.encode(), digest_size=16).hexdigest()
            if value:
                return value.removesuffix(".0") if value.endswith(".0") and value[:-2].isdigit() else value
        content = "\x1f".join(f"{k}\x1e{row[k]}" for k in self.columns if k in row)
        return "row-" + hashlib.blake2b(content.encode(), digest_size=10).hexdigest()

    def address_of(self, row: dict[str, Any]) -> str | None:
        parts = [t for c in self.address if (t := cells.text(row.get(c)))]
        if not parts:
            return None
        suffix = self.mapping.address_suffix
        return ", ".join(parts + ([suffix] if suffix else []))

    @staticmethod
    def _convert(name: str, read: Callable[[Any], Any], value: Any, said: list[str] | None) -> Any:
        """A cell as the field wants it (`read`: its converter); an unreadable non-text value is left
        out and said so."""
        converted = read(value)
        if converted is None and said is not None and name in UNREADABLE \
                and (raw := cells.text(value)) is not None:
            said.append(f"{name} {raw[:40]!r} cannot be read ({UNREADABLE[name]}); left empty")
        return converted

    def fields(self, row: dict[str, Any], said: list[str] | None = None) -> dict[str, Any]:
        """CameraRecord arguments except point and source_record_id; `said` gathers notes on the row
        (values left out or cut)."""
        tags = _tag_dict(row.get(self.tag_column)) if self.tag_column else None
        if tags is None and self.osm_like:
            tags = {k: t for k, v in row.items() if k not in SKIP_TAGS and (t := cells.text(v))}
        osm = tags is not None and looks_like_surveillance(tags)
        fields: dict[str, Any] = fields_from_tags(tags) if osm else {"claims": []}  # type: ignore[arg-type]
        if osm and said is not None:
            said.extend(direction_note(tags, fields.get("camera_direction")))  # type: ignore[arg-type]
        for name, column, read in self.exact_read:
            value = self._convert(name, read, row.get(column), said)
            if value is not None or not osm:  # our own columns are authoritative, even when empty
                fields[name] = value
        for name, column, read in self.synonym_read:
            if not fields.get(name) and (value := self._convert(name, read, row.get(column), said)) \
                    is not None:
                fields[name] = value
        if self.capabilities and (claims := _claims(row.get(self.capabilities))) is not None:
            fields["claims"] = claims
        elif not osm:
            texts = [(c, t) for c in self.hints if (t := cells.text(row.get(c)))]
            if self.dataset_hint:
                texts.append(("dataset", self.dataset_hint))
            apply_keywords(fields, texts, self.options.evidence_kind)
        if not osm:
            fields["tags"] = _tags(row, self.text_cells)
        if not fields.get("notes") and "notes" not in self.exact:
            fields["notes"] = description(row, self.describing) or self.address_of(row)
        if self.mapped:
            self._apply_mapping(fields, row)
        if self.mapping.fields or self.mapping.set or _long(row, self.text_cells):
            within_limits(fields, said)
        return fields

    def _apply_mapping(self, fields: dict[str, Any], row: dict[str, Any]) -> None:
        mapping = self.mapping
        for name, spec in mapping.fields.items():
            raw = _TEMPLATE.sub(lambda m: cells.text(row.get(m.group(1))) or "", spec) if "{" in spec \
                else row.get(spec)
            if isinstance(raw, str):
                raw = re.sub(r"\s+", " ", raw).strip(" ,;/-") or None
            fields[name] = cells.convert(name, raw)
        for name, table in mapping.values.items():
            current = fields.get(name)
            if current is not None and str(current).lower() in table:
                fields[name] = cells.convert(name, table[str(current).lower()])
        for name, value in mapping.set.items():
            fields[name] = cells.convert(name, value)
        if mapping.capabilities:
            have = {c.capability for c in fields["claims"]}
            extra = [c for c in mapping.capabilities if c.capability not in have]
            fields["claims"] = list(fields["claims"]) + extra
