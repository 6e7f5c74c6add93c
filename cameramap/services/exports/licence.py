"""The dataset-level licence file of the dumps, and which licences allow contributing to OSM."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from ...storage.models import Source

# Licences whose data OpenStreetMap can take in (public-domain dedications and the ODbL itself).
# CC-BY and other attribution licences need the licensor's explicit permission first, so
# records whose only sources carry them are left out of the OSM export.
OSM_COMPATIBLE = ("cc0", "pddl", "odbl", "publicdomain", "pd")

HEADER = """cameramap open data: licences and attribution
=============================================

Generated on {day}.

Every camera in these dumps names its sources (GeoJSON: properties.sources, with licence and
URL; CSV, GeoPackage and KML: the columns `source` and `licence`). The data of each record is
licensed by its sources, listed below with their licences and the attribution they ask for.
When you reuse records, follow the licence of their sources and give that attribution.

Sources
-------
"""

OSM_NOTE = """
Contributing to OpenStreetMap (cameras.osm)
-------------------------------------------
The OSM XML export is meant for review in JOSM before any upload. It contains only cameras that
are not removed, that did not come from OpenStreetMap already, and that have at least one source
under a licence OpenStreetMap accepts without further permission: CC0, PDDL, public domain or
ODbL. Records whose only sources carry other licences (for example CC-BY) are left out; ask those
licensors for an explicit OSM waiver first. Each node lists its sources in the `source` tag.
"""


def _normalized(licence: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (licence or "").lower())


def osm_compatible(licence: str | None) -> bool:
    """Whether data under `licence` may be contributed to OpenStreetMap as is."""
    text = _normalized(licence)
    return any(text == name or (text.startswith(name) and text[len(name):len(name) + 1].isdigit())
               for name in OSM_COMPATIBLE)


def _entry(source: Source, cameras: int) -> str:
    lines = [f"* {source.name}", f"  kind: {source.kind}",
             f"  licence: {source.licence or 'not stated (ask the source before reuse)'}",
             f"  attribution: {source.attribution or '-'}"]
    if source.url:
        lines.append(f"  url: {source.url}")
    lines.append(f"  cameras: {cameras}")
    if source.kind == "osm":
        lines.append("  may be contributed to OpenStreetMap: already there")
    else:
        allowed = "yes" if osm_compatible(source.licence) else "no"
        lines.append(f"  may be contributed to OpenStreetMap: {allowed}")
    return "\n".join(lines) + "\n"


def licence_text(sources: Sequence[tuple[Source, int]]) -> str:
    """LICENCE.txt: the header, every source with licence and attribution, and the OSM rule."""
    body = HEADER.format(day=datetime.now(UTC).date().isoformat())
    body += "\n".join(_entry(source, count) for source, count in sources) if sources else "(none yet)\n"
    return body + OSM_NOTE
