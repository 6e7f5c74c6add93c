"""The OpenAPI 3.1 document of API v1: every endpoint with its parameters, responses and error bodies
(building blocks in `parts`; paths in `reads`, `submit`, `stats` and `exposure`)."""

from __future__ import annotations

from typing import Any

from ...domain.texts import N_, plain
from .. import schemas
from . import deployments, exposure, reads, stats, submit, technology
from .parts import BLANK, Document

DESCRIPTION = N_("""Open data about surveillance cameras: where they are, who operates them, what they
can do, and where each record comes from. Every camera lists its sources with their licences and
attributions; reuse the data under those terms (see /api/v1/exports/LICENCE.txt).

GIS clients can also use the OGC API - Features endpoint at /ogc (QGIS, GDAL's OAPIF driver).
Errors always have the body {"error", "message", "parameter"}. GET endpoints allow any origin (CORS).

Submissions, confirmations and reports are anonymous and JSON only; each needs a solved proof-of-work
challenge (GET /challenge, sent back in the X-Altcha header) and is rate-limited per network.""")


def document(server_url: str, *, max_limit: int, default_limit: int, version: str,
             marked: bool = False) -> Document:
    """The whole OpenAPI 3.1 document; `server_url` is where /api/v1 is served. Plain JSON values, or
    with `marked` its texts as marked texts (domain.texts), which the HTML page translates."""
    whole = {
        "openapi": "3.1.0",
        "info": {"title": N_("cameramap open data API"), "version": version, "description": DESCRIPTION,
                 "license": {"name": "AGPL-3.0-or-later (software); data: per source, see each record",
                             "identifier": "AGPL-3.0-or-later"}},
        "servers": [{"url": server_url}],
        "tags": [{"name": name} for name in ("cameras", "operators", "changes", "exports", "geocoding",
                                             "submissions", "statistics", "meta", "exposure",
                                             "deployments")],
        "paths": {**reads.read_paths(max_limit, default_limit), **reads.dump_paths(),
                  **submit.geocode_paths(), **submit.submission_paths(), **stats.stats_paths(),
                  **reads.meta_paths(), **exposure.exposure_paths(),
                  **deployments.deployment_paths(max_limit, default_limit), **technology.vendor_paths()},
        "components": {"schemas": {**schemas.COMPONENTS, **submit.COMPONENTS, **stats.COMPONENTS,
                                   **exposure.COMPONENTS, **deployments.COMPONENTS,
                                   **technology.COMPONENTS}},
    }
    return whole if marked else plain(whole)


def response_headers(operation: dict[str, Any]) -> list[tuple[str, list[str], str]]:
    """The headers an operation's responses send, for the HTML page: each (name, description) once,
    with the statuses that send it (`ETag`, [200, 304], its description), in the document's order."""
    found: dict[tuple[str, str], tuple[list[str], str]] = {}
    for status, response in operation["responses"].items():
        for name, header in (response.get("headers") or {}).items():
            text = header.get("description", "")
            found.setdefault((name, text), ([], text))[0].append(status)
    return [(name, statuses, text) for (name, _), (statuses, text) in found.items()]


def describe(schema: dict[str, Any] | None) -> str:
    """A schema in a few words, for the HTML page: `string or null`, `array of Camera`, ... (marked
    texts: the page translates the words; type names, formats and values stay as they are)."""
    if not schema:
        return N_("any")
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "const" in schema:
        return f"“{schema['const']}”"
    if "oneOf" in schema or "anyOf" in schema:
        options = [o for o in schema.get("oneOf", schema.get("anyOf", [])) if o != BLANK]
        return _either([describe(option) for option in options])
    kinds = schema.get("type", "any")
    text = _either([_kind(kind, schema) for kind in (kinds if isinstance(kinds, list) else [kinds])])
    if "minimum" in schema:
        text = N_("%(schema)s, at least %(value)s", schema=text, value=schema["minimum"])
    if "maximum" in schema:
        text = N_("%(schema)s, at most %(value)s", schema=text, value=schema["maximum"])
    if "default" in schema:
        text = N_("%(schema)s, default %(value)s", schema=text, value=schema["default"])
    return text


def _either(words: list[str]) -> str:
    """`a or b or c`."""
    text = words[0] if words else ""
    for word in words[1:]:
        text = N_("%(first)s or %(second)s", first=text, second=word)
    return text


def _kind(kind: str, schema: dict[str, Any]) -> str:
    if kind == "array":
        items = schema.get("items")
        return N_("array of %(items)s", items=describe(items)) if items else N_("array of any")
    if kind == "string" and "enum" in schema:
        return N_("one of %(values)s", values=", ".join(str(v) for v in schema["enum"]))
    if kind == "any" and "format" not in schema:
        return N_("any")
    return str(kind) + (f" ({schema['format']})" if kind != "null" and "format" in schema else "")
