"""A camera's words: the columns that describe it become its notes; field sizes as the API limits them."""

from __future__ import annotations

from typing import Any

from ..domain.limits import TAG_VALUE_LIMIT, TEXT_LIMITS, clipped
from . import values as cells
from .coords import parse_packed

# Column names (folded by coords.normalize_name) whose text says what or where a camera is, in the
# languages the coordinate-name rules know; their texts, in column order, become the notes.
DESCRIBING = frozenset({
    "notes", "note", "name", "title", "label", "site", "site_name", "sitename", "camera_name",
    "location", "location_name", "location_description", "locationdescription", "camera_location",
    "place", "street", "description", "desc", "details", "comment", "comments", "remarks", "remark",
    "standort", "ort", "lage", "bezeichnung", "beschreibung", "bemerkung", "bemerkungen",
    "nom", "lieu", "emplacement", "localisation", "libelle", "libellé", "commentaire", "remarque",
    "nombre", "ubicacion", "ubicación", "lugar", "descripcion", "descripción", "comentario",
    "observaciones", "nome", "luogo", "posizione", "ubicazione", "descrizione",
    "название", "наименование", "место", "местоположение", "расположение", "адрес_установки",
    "описание", "примечание", "комментарий", "이름", "명칭", "위치", "설치장소", "설치위치", "설명",
    "비고", "名称", "名稱", "場所", "設置場所", "説明", "備考", "地点", "地點", "位置", "描述", "说明",
    "備註", "备注", "ad", "adi", "adı", "konum", "yer", "açıklama", "aciklama",
})
SEPARATOR = " — "


def description(row: dict[str, Any], columns: list[str]) -> str | None:
    """The distinct texts of the describing `columns` (coordinate pairs left out), joined."""
    texts: list[str] = []
    for column in columns:
        text = cells.text(row.get(column))
        if text and text not in texts and not (_may_be_pair(text) and parse_packed(text) is not None):
            texts.append(text)
    return SEPARATOR.join(texts) or None


def _may_be_pair(text: str) -> bool:
    return text[0] in "0123456789-+.([" or text[:5].upper() in ("POINT", "SRID=")


def within_limits(fields: dict[str, Any], said: list[str] | None) -> None:
    """Cut text fields and raw tags to the sizes the API accepts, saying so for each cut."""
    for name, limit in TEXT_LIMITS.items():
        value = fields.get(name)
        if isinstance(value, str) and len(value) > limit:
            fields[name] = clipped(value, limit)
            _say(said, f"{name} was {len(value):,} characters, cut to the first {limit:,}")
    tags = fields.get("tags")
    if isinstance(tags, dict):
        for key, value in tags.items():
            if isinstance(value, str) and len(value) > TAG_VALUE_LIMIT:
                tags[key] = clipped(value, TAG_VALUE_LIMIT)
                _say(said, f"column {str(key)[:60]!r} was {len(value):,} characters, kept its first "
                     f"{TAG_VALUE_LIMIT:,}")


def _say(said: list[str] | None, note: str) -> None:
    if said is not None:
        said.append(note)
