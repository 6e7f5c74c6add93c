"""Full dumps of the registry: what each one is, how it is written, and the registry version.

Each dump is built (services.exports.builds, in the background) into `<export dir>/<version>/<file>`,
where the version is a digest of the registry's state (changes log, cameras, links, claims, sources,
operators): any change gives a new version, hence a new file and ETag. Formats: GeoJSON, CSV,
GeoPackage and KML (services.exports.formats), OSM XML for JOSM (exporters.osm_xml), and LICENCE.txt
naming every source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ...domain.texts import N_
from ...exporters import osm_xml
from ...storage.changes import Change
from ...storage.models import Camera, CapabilityClaim, Operator, Provenance, Source
from ..registry.catalog import sources_with_counts
from . import formats
from .licence import licence_text, osm_compatible

CHUNK = 1000


@dataclass(frozen=True, slots=True)
class Dump:
    name: str
    filename: str
    media_type: str
    title: str
    description: str
    text: bool = False


DUMPS = {dump.name: dump for dump in (
    Dump("geojson", "cameras.geojson", "application/geo+json", N_("All cameras as GeoJSON"),
         N_("A FeatureCollection of every camera (removed ones too) with sources and licences")),
    Dump("csv", "cameras.csv", "text/csv", N_("All cameras as CSV"),
         N_("One row per camera with lon, lat, sources and licences (UTF-8)"), text=True),
    Dump("gpkg", "cameras.gpkg", "application/geopackage+sqlite3", N_("All cameras as GeoPackage"),
         N_("Layer `cameras` (EPSG:4326) with sources and licences per record")),
    Dump("kml", "cameras.kml", "application/vnd.google-earth.kml+xml", N_("All cameras as KML"),
         N_("One placemark per camera with sources and licences")),
    Dump("osm", "cameras.osm", "application/vnd.openstreetmap.data+xml",
         N_("Cameras to contribute to OpenStreetMap (OSM XML for JOSM)"),
         N_("New nodes with negative ids and OSM tags only; only cameras not already from OSM and "
            "with at least one source whose licence is compatible with the ODbL (see LICENCE.txt)")),
    Dump("licence", "LICENCE.txt", "text/plain", N_("Licences and attributions of the dataset"),
         N_("Every source with its licence, attribution and number of cameras"), text=True),
)}


def registry_version(session: Session) -> str:
    """A digest that changes whenever anything a dump shows changes."""
    aggregates = [
        select(func.count(Change.id), func.max(Change.id)),
        select(func.count(Camera.id), func.max(Camera.id), func.max(Camera.updated_at)),
        select(func.count(Provenance.id), func.max(Provenance.id),
               func.count(Provenance.id).filter(Provenance.missing_from_source.is_(True))),
        select(func.count(CapabilityClaim.id), func.max(CapabilityClaim.id)),
        select(func.count(Source.id), func.max(Source.imported_at), func.max(Source.id)),
        select(func.count(Operator.id), func.max(Operator.updated_at)),
    ]
    state = [tuple(session.execute(query).one()) for query in aggregates]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:20]


def _cameras(session: Session) -> Iterator[Camera]:
    query = (select(Camera).order_by(Camera.id)
             .options(selectinload(Camera.operator),
                      selectinload(Camera.provenance).selectinload(Provenance.source)))
    last = 0
    while chunk := session.scalars(query.where(Camera.id > last).limit(CHUNK)).all():
        yield from chunk
        last = chunk[-1].id


def contributable(camera: Camera) -> bool:
    """Worth offering to OSM: not removed, not from OSM already, some source's licence allows it."""
    sources = [link.source for link in camera.provenance]
    return (camera.status != "removed" and bool(sources)
            and not any(source.kind == "osm" for source in sources)
            and any(osm_compatible(source.licence) for source in sources))


def osm_nodes(session: Session) -> Iterator[osm_xml.Node]:
    for camera in _cameras(session):
        if not contributable(camera):
            continue
        values = {field: getattr(camera, field) for field, _key in osm_xml.TAG_KEYS if field != "operator"}
        values["operator"] = camera.operator.name if camera.operator else None
        tags = osm_xml.osm_tags(values, [link.source.name for link in camera.provenance
                                         if osm_compatible(link.source.licence)])
        yield osm_xml.Node(-camera.id, camera.lon, camera.lat, tags)


def _write_osm(session: Session, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        osm_xml.write(osm_nodes(session), out)


def _write_licence(session: Session, path: Path) -> None:
    path.write_text(licence_text(sources_with_counts(session)), encoding="utf-8")


WRITERS: dict[str, Callable[[Session, Path], object]] = {
    "osm": _write_osm,
    "licence": _write_licence,
    **{name: (lambda fmt: lambda s, p: formats.export_cameras(s, fmt, p))(name) for name in formats.FORMATS},
}
