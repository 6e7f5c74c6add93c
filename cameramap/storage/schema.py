"""The declared schema for Alembic: every model module's tables, and what the models cannot express."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import MetaData

from .backends import backend_named


def metadata() -> MetaData:
    """Base.metadata with the tables of every model module registered."""
    from . import (  # noqa: F401 - registers tables
        accountability,
        changes,
        deployments,
        exports,
        gazetteer,
        imports,
        streets,
        submissions,
        technology,
    )
    from .models import Base

    return Base.metadata


IncludeObject = Callable[[Any, str | None, str, bool, Any], bool]


def include_object(name: str) -> IncludeObject:
    """Alembic's include_object hook for the backend SQLAlchemy calls `name`: False for the objects
    its migrations create that the models cannot declare, and for models it does not create
    (Backend.only_in_database, Backend.only_in_models); `alembic check` and the drift test skip them."""
    backend = backend_named(name)
    skipped_in_database, skipped_in_models = backend.only_in_database, backend.only_in_models

    def include(item: Any, name: str | None, kind: str, reflected: bool, _compare_to: Any) -> bool:
        skipped = skipped_in_database if reflected else skipped_in_models
        qualified = f"{item.table.name}.{name}" if kind == "column" else name
        return qualified not in skipped

    return include
