"""The queryables of the cameras collection as JSON Schema (OGC API - Features Part 3)."""

from __future__ import annotations

from typing import Any

from ...domain.queryables import DATE, DATE_TIME, GEOMETRY, QUERYABLES, STRING, Queryable
from ...domain.texts import N_

SCHEMA_2020 = "https://json-schema.org/draft/2020-12/schema"


def property_schema(queryable: Queryable) -> dict[str, Any]:
    """One queryable: its type, format or vocabulary, and what it means."""
    schema: dict[str, Any] = {"title": queryable.title}
    if queryable.kind == GEOMETRY:
        schema.update({"format": "geometry-point", "x-ogc-role": "primary-geometry"})
    elif queryable.kind in (DATE, DATE_TIME):
        schema.update({"type": "string", "format": queryable.kind})
    else:
        schema["type"] = queryable.kind
    if queryable.kind == STRING and queryable.values():
        schema["enum"] = list(queryable.values())
    if queryable.many:
        schema["description"] = N_("a camera may have several values; a predicate matches when any does")
    return schema


def document(url: str) -> dict[str, Any]:
    """The JSON Schema of every property a filter may name; `url` is this document's address. Its texts
    are marked (domain.texts): English JSON, translated by the HTML page."""
    return {
        "$schema": SCHEMA_2020, "$id": url, "type": "object",
        "title": N_("Surveillance cameras: queryables"),
        "description": N_("Properties for filter= (CQL2 text or JSON). Cameras with status removed "
                          "match only a filter that names status."),
        "properties": {name: property_schema(item) for name, item in QUERYABLES.items()},
        "additionalProperties": False,
    }
