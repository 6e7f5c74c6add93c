"""Gazetteer tables: address points, street lines, places, the build row; bulk load and read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import JSON, Float, Index, String, Text, UniqueConstraint, delete, func, insert, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..geocoding.records import AddressRow, PlaceRow, StreetRow
from .cellsql import BUMP
from .models import Base, utcnow

BATCH = 5000


class GazetteerBuild(Base):
    __tablename__ = "gazetteer_builds"
    id: Mapped[int] = mapped_column(primary_key=True)
    build_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(500))
    addresses: Mapped[int]
    streets: Mapped[int]
    places: Mapped[int]
    built_at: Mapped[datetime] = mapped_column(default=utcnow)


class GazetteerAddress(Base):
    __tablename__ = "gazetteer_addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(String(300))
    housenumber: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(32))
    city: Mapped[str | None] = mapped_column(String(200))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    ref: Mapped[str | None] = mapped_column(String(100))


class GazetteerStreet(Base):
    __tablename__ = "gazetteer_streets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    names: Mapped[list[str]] = mapped_column(JSON, default=list)
    coords: Mapped[list[list[float]]] = mapped_column(JSON)  # [[lon, lat], ...]
    ref: Mapped[str | None] = mapped_column(String(100))


class GazetteerPlace(Base):
    __tablename__ = "gazetteer_places"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    names: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(32))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    ref: Mapped[str | None] = mapped_column(String(100))


class GeocodeCache(Base):
    """Online answers keyed by a hash of provider + normalised query (the query text is not kept)."""

    __tablename__ = "geocode_cache"
    __table_args__ = (UniqueConstraint("provider", "query_hash", name="uq_geocode_cache_query"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(32))
    query_hash: Mapped[str] = mapped_column(String(64))
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GeocodeRate(Base):
    __tablename__ = "geocode_rate"
    provider: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_at: Mapped[float] = mapped_column(Float)


class GeocodePending(Base):
    """A record waiting as "needs location": retried until an answer comes; never dropped."""

    __tablename__ = "geocode_pending"
    __table_args__ = (
        UniqueConstraint("subject_kind", "subject_id", name="uq_geocode_pending_subject"),
        Index("ix_geocode_pending_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    answer: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # an import row: what to place


def current_build(session: Session) -> GazetteerBuild | None:
    return session.scalar(select(GazetteerBuild).order_by(GazetteerBuild.id.desc()).limit(1))


_BUILDS = GazetteerBuild.__table__
_CURRENT_ID = select(_BUILDS.c.build_id).order_by(_BUILDS.c.id.desc()).limit(1)


def current_build_id(session: Session) -> str | None:
    """The id of the newest build (a Core query: it runs before every geocoding request)."""
    return session.connection().execute(_CURRENT_ID).scalar()


def _values(row: AddressRow | StreetRow | PlaceRow) -> tuple[type[Base], dict[str, Any]]:
    if isinstance(row, AddressRow):
        return GazetteerAddress, {"street": row.street[:300], "housenumber": (row.housenumber or "")[:100],
                                  "postcode": (row.postcode or "")[:32] or None,
                                  "city": (row.city or "")[:200] or None,
                                  "lon": row.lon, "lat": row.lat, "ref": row.ref}
    if isinstance(row, StreetRow):
        return GazetteerStreet, {"name": row.name[:300], "names": list(row.names),
                                 "coords": [[round(x, 7), round(y, 7)] for x, y in row.coords],
                                 "ref": row.ref}
    return GazetteerPlace, {"name": row.name[:300], "names": list(row.names), "kind": row.kind[:32],
                            "lon": row.lon, "lat": row.lat, "ref": row.ref}


def replace_rows(session: Session, rows: Iterable[AddressRow | StreetRow | PlaceRow],
                 progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Delete every gazetteer row and bulk-insert `rows` (no commit: the service decides)."""
    for model in (GazetteerAddress, GazetteerStreet, GazetteerPlace):
        session.execute(delete(model))
    counts = {"addresses": 0, "streets": 0, "places": 0}
    names = {GazetteerAddress: "addresses", GazetteerStreet: "streets", GazetteerPlace: "places"}
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        grouped: dict[type[Base], list[dict[str, Any]]] = {}
        for row in batch:
            kind, values = _values(row)
            grouped.setdefault(kind, []).append(values)
        for kind, rows_of_kind in grouped.items():
            session.execute(insert(kind), rows_of_kind)
            counts[names[kind]] += len(rows_of_kind)
        if progress is not None:
            progress(sum(counts.values()))
    return counts


def record_build(session: Session, build_id: str, source: str, counts: dict[str, int]) -> GazetteerBuild:
    build = GazetteerBuild(build_id=build_id, source=source[:500], **counts)
    session.add(build)
    # Camera answers name each camera's nearest street from the gazetteer: cached answers are stale now.
    session.execute(text(BUMP))
    session.flush()
    return build


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count(GazetteerBuild.id)))


def load_rows(session: Session) -> tuple[list[AddressRow], list[StreetRow], list[PlaceRow]]:
    """Every stored row, as the plain records the in-memory index is built from."""
    a, s, p = GazetteerAddress, GazetteerStreet, GazetteerPlace
    addresses = [AddressRow(r.street, r.housenumber, r.postcode, r.city, r.lon, r.lat, r.ref)
                 for r in session.execute(select(a.street, a.housenumber, a.postcode, a.city, a.lon,
                                                 a.lat, a.ref).order_by(a.id))]
    streets = [StreetRow(r.name, tuple(r.names or ()), tuple((c[0], c[1]) for c in r.coords), r.ref)
               for r in session.execute(select(s.name, s.names, s.coords, s.ref).order_by(s.id))]
    places = [PlaceRow(r.name, tuple(r.names or ()), r.kind, r.lon, r.lat, r.ref)
              for r in session.execute(select(p.name, p.names, p.kind, p.lon, p.lat, p.ref).order_by(p.id))]
    return addresses, streets, places
