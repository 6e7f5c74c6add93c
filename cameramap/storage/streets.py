"""Street network tables (ways with profile bits, building footprints, a version row) and their queries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    Index,
    Integer,
    String,
    Text,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from .models import Base, Operator, utcnow

CHUNK = 2000


class StreetNetwork(Base):
    """One row (id 1): the imported network's version, bumped by every import."""

    __tablename__ = "street_network"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    ways: Mapped[int] = mapped_column(Integer)
    buildings: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime | None]


class StreetWay(Base):
    __tablename__ = "street_ways"
    __table_args__ = (Index("ix_street_ways_bounds", "west", "east", "south", "north"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    osm_id: Mapped[int] = mapped_column(BigInteger)
    highway: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(Text)
    access: Mapped[int] = mapped_column(Integer)
    car_kmh: Mapped[float] = mapped_column(Float)
    nodes: Mapped[list[int]] = mapped_column(JSON)
    coords: Mapped[list[list[float]]] = mapped_column(JSON)
    west: Mapped[float] = mapped_column(Float)
    south: Mapped[float] = mapped_column(Float)
    east: Mapped[float] = mapped_column(Float)
    north: Mapped[float] = mapped_column(Float)


class StreetBuilding(Base):
    __tablename__ = "street_buildings"
    id: Mapped[int] = mapped_column(primary_key=True)
    osm_id: Mapped[int] = mapped_column(BigInteger)
    ring: Mapped[list[list[float]]] = mapped_column(JSON)
    west: Mapped[float] = mapped_column(Float)
    south: Mapped[float] = mapped_column(Float)
    east: Mapped[float] = mapped_column(Float)
    north: Mapped[float] = mapped_column(Float)


def bounds(coords: Sequence[Sequence[float]]) -> dict[str, float]:
    lons = [c[0] for c in coords]
    lats = [c[1] for c in coords]
    return {"west": min(lons), "south": min(lats), "east": max(lons), "north": max(lats)}


def network_version(session: Session) -> int:
    """0 when no network was imported; else the counter every import bumps."""
    return int(session.scalar(select(StreetNetwork.version).where(StreetNetwork.id == 1)) or 0)


def network_row(session: Session) -> StreetNetwork | None:
    return session.get(StreetNetwork, 1)


def _insert(session: Session, model: type[Base], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            session.execute(insert(model), batch)
            count += len(batch)
            batch = []
    if batch:
        session.execute(insert(model), batch)
        count += len(batch)
    return count


def replace_network(session: Session, source: str, ways: Iterable[dict[str, Any]],
                    buildings: Iterable[dict[str, Any]]) -> StreetNetwork:
    """Swap the stored network for a new one and bump its version (the caller commits)."""
    session.execute(delete(StreetWay))
    session.execute(delete(StreetBuilding))
    way_count = _insert(session, StreetWay, ways)
    building_count = _insert(session, StreetBuilding, buildings)
    row = network_row(session)
    if row is None:
        row = StreetNetwork(id=1, version=0, ways=0, buildings=0)
        session.add(row)
    row.version += 1
    row.source, row.ways, row.buildings, row.imported_at = source, way_count, building_count, utcnow()
    session.flush()
    return row


def iter_ways(session: Session) -> Iterator[tuple[list[int], list[list[float]], int, float]]:
    rows = session.execute(select(StreetWay.nodes, StreetWay.coords, StreetWay.access, StreetWay.car_kmh)
                           .order_by(StreetWay.id).execution_options(yield_per=CHUNK))
    yield from rows  # plain tuples, not Row objects


def footprint(ring: Sequence[Sequence[float]], holes: Sequence[Sequence[Sequence[float]]] = ()) -> list[Any]:
    """The stored `ring`: [[lon, lat], ...] for a simple building; [outer, *courtyards] (a list of
    such rings) for a multipolygon's outer ring that has inner rings."""
    outer = [list(c) for c in ring]
    return [outer, *([list(c) for c in hole] for hole in holes)] if holes else outer


def building_rings(session: Session) -> list[list[Any]]:
    """Every stored footprint as `footprint` wrote it."""
    return list(session.scalars(select(StreetBuilding.ring).order_by(StreetBuilding.id)))


def count_ways(session: Session) -> int:
    return int(session.scalar(select(func.count(StreetWay.id))) or 0)


def camera_rows(session: Session) -> list[tuple[Any, ...]]:
    """Every camera that is not removed, as the exposure model reads it (capabilities as the bit set)."""
    rows = session.execute(text(
        "SELECT c.id, c.lon, c.lat, c.camera_type, c.surveillance_type, c.camera_direction, c.height, "
        "c.capabilities, c.operator_id, c.tags FROM cameras c WHERE c.status <> 'removed' ORDER BY c.id"))
    return [tuple(row) for row in rows]


def operator_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return dict(session.execute(select(Operator.id, Operator.name).where(Operator.id.in_(wanted))).all())


def operator_ids(session: Session, names_or_ids: Iterable[str]) -> set[int]:
    """Operators named, or given by id."""
    values = [str(v) for v in names_or_ids]
    ids = [int(v) for v in values if v.isdigit()]
    rows = session.scalars(select(Operator.id).where(Operator.name.in_(values) | Operator.id.in_(ids)))
    return set(rows)
