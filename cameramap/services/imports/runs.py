"""The import-run log: runs killed mid-way are marked interrupted; the latest runs for `import --runs`."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...storage.imports import ImportRun
from ...storage.models import Source, utcnow

# A running import shows a sign of life at every committed batch (ImportRun.alive_at); one silent for
# this long was killed (kill -9, power loss) and will never finish. On the host that ran it, a run
# whose process is gone is interrupted at once.
INTERRUPTED_AFTER = timedelta(minutes=15)


def this_runner() -> str:
    """host:pid of the current process, as recorded in ImportRun.runner."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_gone(runner: str | None) -> bool:
    host, _, pid = (runner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def _as_utc(moment: datetime) -> datetime:
    """SQLite gives stored times back without their zone; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def mark_interrupted(session: Session, now: datetime | None = None,
                     after: timedelta = INTERRUPTED_AFTER) -> int:
    """Mark as "interrupted" the "running" runs whose process is gone (same host) or that showed no
    sign of life for `after`; return how many."""
    cutoff = (now or utcnow()) - after
    marked = 0
    for run in session.scalars(select(ImportRun).where(ImportRun.status == "running")):
        last_seen = _as_utc(run.alive_at or run.started_at)
        if _process_gone(run.runner) or last_seen < cutoff:
            run.status, run.finished_at = "interrupted", last_seen
            marked += 1
    session.flush()
    return marked


def latest_runs(session: Session, limit: int = 20) -> list[tuple[ImportRun, str]]:
    """The latest runs, newest first, each with its source's name."""
    query = (select(ImportRun, Source.name).join(Source, Source.id == ImportRun.source_id)
             .order_by(ImportRun.started_at.desc(), ImportRun.id.desc()).limit(limit))
    return [(run, name) for run, name in session.execute(query)]
