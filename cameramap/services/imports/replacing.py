"""The guard against importing another dataset into a source: it stops before most cameras go missing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...storage.models import Provenance, Source


class SourceReplaced(UsageError):
    """A complete import would mark more than half of its source's cameras missing from source."""

    code = "source_replaced"

    def __init__(self, source: str, missing: int, existing: int):
        super().__init__(
            f"this file would mark {missing:,} of the {existing:,} cameras of source {source!r} missing "
            "from source: it looks like another dataset, or another format of this one with other ids. "
            "Import it under its own name with --source NAME, use --partial if it holds only part of the "
            "source, or --replace to confirm that it replaces the source's records.")


def _live(source_id: int, before: datetime | None = None):
    query = select(func.count(Provenance.id)).where(Provenance.source_id == source_id,
                                                    Provenance.missing_from_source.is_(False))
    return query if before is None else query.where(Provenance.last_seen_at < before)


class ReplaceGuard:
    """Checked on the first batch (before anything of it is written) and before marking missing."""

    def __init__(self, session: Session, source: Source, complete: bool, replace: bool):
        self.session, self.source = session, source
        self.active = complete and not replace
        self.existing = (session.scalar(_live(source.id)) or 0) if self.active else 0
        self.checked = False

    def first_batch(self, records: int, matched: int) -> None:
        """`matched` of the batch's `records` are records the source already has."""
        if self.checked or not self.existing:
            return
        self.checked = True
        missing = self.existing - matched
        if records and matched * 2 < records and missing * 2 > self.existing:
            raise SourceReplaced(self.source.name, missing, self.existing)

    def before_marking(self, started: datetime) -> None:
        """The exact count, once the whole file was seen."""
        if not self.existing:
            return
        missing = self.session.scalar(_live(self.source.id, started)) or 0
        if missing * 2 > self.existing:
            raise SourceReplaced(self.source.name, missing, self.existing)
