"""Sources: the row naming where records come from, with its licence and attribution."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.records import SourceSpec
from ...storage.models import Source, utcnow


def ensure_source(session: Session, spec: SourceSpec) -> Source:
    """The source row for `spec`, created or refreshed with its licence and attribution."""
    source = session.scalar(select(Source).where(Source.name == spec.name))
    if source is None:
        source = Source(name=spec.name, kind=spec.kind)
        session.add(source)
    for name in ("kind", "url", "licence", "attribution"):
        value = getattr(spec, name)
        if value is not None:
            setattr(source, name, value)
    source.imported_at = utcnow()
    session.flush()
    return source
