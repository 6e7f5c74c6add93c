"""The declared schema for Alembic: every model module's tables, and what the models cannot express."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import MetaData

# Objects the migrations create that SQLAlchemy models cannot declare; `alembic check` and the
# drift test skip them. Each is kept by its migration's own SQL.
SQLITE_ONLY_IN_DATABASE = {
    # The R*Tree spatial index (0001): a virtual table and the shadow tables SQLite keeps for it.
    "camera_rtree", "camera_rtree_node", "camera_rtree_parent", "camera_rtree_rowid",
}
POSTGRES_ONLY_IN_DATABASE = {
    "spatial_ref_sys",  # PostGIS's own table, created by CREATE EXTENSION postgis (0001)
    "cameras.geom",  # a generated PostGIS geometry column (0001); SQLAlchemy has no type for it
    "ix_cameras_geom",  # its GiST index
}
# Declared in models.py, created on PostgreSQL only: the SQLite triggers write camera_cells directly.
POSTGRES_ONLY_IN_MODELS = {"camera_cell_deltas", "ix_camera_cell_deltas_txid"}


def metadata() -> MetaData:
    """Base.metadata with the tables of every model module registered."""
    from . import accountability, changes, gazetteer, imports, streets, submissions  # noqa: F401 - registers tables
    from .models import Base

    return Base.metadata


IncludeObject = Callable[[Any, str | None, str, bool, Any], bool]


def include_object(dialect: str) -> IncludeObject:
    """Alembic's include_object hook for `dialect`: False for the objects listed above."""
    skipped_in_database = SQLITE_ONLY_IN_DATABASE if dialect == "sqlite" else POSTGRES_ONLY_IN_DATABASE
    skipped_in_models = POSTGRES_ONLY_IN_MODELS if dialect == "sqlite" else set()

    def include(item: Any, name: str | None, kind: str, reflected: bool, _compare_to: Any) -> bool:
        skipped = skipped_in_database if reflected else skipped_in_models
        qualified = f"{item.table.name}.{name}" if kind == "column" else name
        return qualified not in skipped

    return include
