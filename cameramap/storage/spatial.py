"""The spatial adapter: one bbox filter per backend (SQLite R*Tree, PostGIS GiST)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, Table, and_, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from ..domain.geo import BBox
from .models import Camera

# The R*Tree virtual table the SQLite migration creates; triggers keep it in step with cameras.
camera_rtree = Table(
    "camera_rtree",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("min_lon", Float),
    Column("max_lon", Float),
    Column("min_lat", Float),
    Column("max_lat", Float),
)


def bbox_filter(dialect: str, bbox: BBox) -> ColumnElement[bool]:
    """A WHERE clause selecting cameras inside `bbox` through the backend's spatial index.

    The index answers first (R*Tree bounds are 32-bit floats, so slightly generous); the exact
    comparison on lon/lat then keeps the answer identical on both backends.
    """
    exact = and_(
        Camera.lon >= bbox.west, Camera.lon <= bbox.east,
        Camera.lat >= bbox.south, Camera.lat <= bbox.north,
    )
    if dialect == "sqlite":
        r = camera_rtree.c
        indexed = Camera.id.in_(
            select(r.id).where(
                r.max_lon >= bbox.west, r.min_lon <= bbox.east,
                r.max_lat >= bbox.south, r.min_lat <= bbox.north,
            )
        )
    elif dialect == "postgresql":
        envelope = func.ST_MakeEnvelope(bbox.west, bbox.south, bbox.east, bbox.north, 4326)
        indexed = literal_column("cameras.geom").op("&&")(envelope)
    else:
        return exact
    return and_(indexed, exact)
