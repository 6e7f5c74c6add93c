"""Sources: the row naming where records come from, with its licence and attribution."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.records import SourceSpec
from ...storage.models import Source, utcnow


def ensure_source(session: Session, spec: SourceSpec) -> Source:
    """The source row for `spec`, created or refreshed with its licence and attribution (an
    unchanged source is left alone: `imported_at` moves when an import changed something)."""
    source = session.scalar(select(Source).where(Source.name == spec.name))
    if source is None:
        source = Source(name=spec.name, kind=spec.kind, imported_at=utcnow())
        session.add(source)
    for name in ("kind", "url", "licence", "attribution"):
        value = getattr(spec, name)
        if value is not None:
            setattr(source, name, value)
    session.flush()
    return source
