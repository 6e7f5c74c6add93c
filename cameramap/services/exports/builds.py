"""Background builds of the full dumps: one build per dump at a time across workers and hosts, owned
through a lease in the database (a crashed builder's lease expires), and the last complete file of
each dump found while the next one is built.

Files live in `<export dir>/<registry version>/<file>` (filtered downloads one folder deeper, under a
digest of their filter); a file appears whole (written aside, then renamed), so any file found is
complete. After a build, the same file of older versions is removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...storage.exports import ExportBuild
from ...storage.models import Camera
from ...storage.queries import CameraFilter
from . import dumps, formats

LEASE = timedelta(minutes=2)  # a builder renews it every RENEW_SECONDS; a dead one's runs out
RENEW_SECONDS = 30.0
RETRY_SECONDS = 30  # Retry-After while a build runs
STALE_SECONDS = 600  # filtered files of older versions, and leftover scratch folders, go after this
View = tuple[str, CameraFilter]  # (a key naming the filter, the filter)


@dataclass(frozen=True, slots=True)
class Built:
    """A complete dump file, the registry version it reflects, and when it was finished."""

    path: Path
    version: str  # the registry version; a filtered file's carries its filter's digest after a "-"
    built_at: datetime

    @property
    def registry_version(self) -> str:
        return self.version.split("-", 1)[0]


def view_folder(view: View | None) -> str | None:
    return None if view is None else "view-" + hashlib.sha256(view[0].encode()).hexdigest()[:20]


def lease_name(name: str, view: View | None) -> str:
    """The lease a build holds: one per dump, and one per format for its filtered files."""
    return name if view is None else f"{name}-filtered"


def check_view(name: str, view: View | None) -> None:
    if view is not None and name not in formats.FORMATS:
        raise UsageError(f"{dumps.DUMPS[name].filename} cannot be filtered; filter applies to the camera "
                         "files", parameter="filter")


def _built(folder: Path, filename: str, version: str, sub: str | None) -> Built | None:
    path = (folder / sub if sub else folder) / filename
    try:
        finished = path.stat().st_mtime
    except OSError:
        return None
    return Built(path, f"{version}-{sub}" if sub else version, datetime.fromtimestamp(finished, UTC))


def find(root: str | Path, name: str, version: str, view: View | None = None) -> Built | None:
    """The dump `name` built for registry `version`, if it is there."""
    return _built(Path(root) / version, dumps.DUMPS[name].filename, version, view_folder(view))


def latest(root: str | Path, name: str, view: View | None = None) -> Built | None:
    """The most recently finished file of dump `name` (of any registry version), if there is one."""
    base = Path(root)
    if not base.is_dir():
        return None
    found = (_built(entry, dumps.DUMPS[name].filename, entry.name, view_folder(view))
             for entry in base.iterdir() if entry.is_dir() and not entry.name.startswith("."))
    return max((built for built in found if built is not None), key=lambda b: b.built_at, default=None)


def missing(session: Session, root: str | Path) -> list[str]:
    """The dumps not built for the registry as `session` sees it (none while it holds no camera)."""
    if session.scalar(select(Camera.id).limit(1)) is None:
        return []
    version = dumps.registry_version(session)
    return [name for name in dumps.DUMPS if find(root, name, version) is None]


def _seconds(until: datetime | None, now: datetime) -> float:
    if until is None:
        return 0.0
    return ((until if until.tzinfo else until.replace(tzinfo=UTC)) - now).total_seconds()


def claim(session: Session, name: str, owner: str, now: datetime, rebuild_after: timedelta) -> float | None:
    """Take the build lease of dump `name` for `owner`: None when taken, else the seconds to wait (a
    build runs, or the last one started less than `rebuild_after` ago: the rate limit of builds)."""
    free = or_(ExportBuild.lease_until.is_(None), ExportBuild.lease_until < now)
    rested = or_(ExportBuild.started_at.is_(None), ExportBuild.started_at <= now - rebuild_after)
    taken = session.execute(update(ExportBuild).where(ExportBuild.name == name, free, rested)
                            .values(owner=owner, lease_until=now + LEASE, started_at=now)
                            .execution_options(synchronize_session=False))
    if getattr(taken, "rowcount", 0) == 1:
        return None
    row = session.execute(select(ExportBuild.lease_until, ExportBuild.started_at)
                          .where(ExportBuild.name == name)).one_or_none()
    if row is None:
        try:
            with session.begin_nested():
                session.add(ExportBuild(name=name, owner=owner, lease_until=now + LEASE, started_at=now))
            return None
        except IntegrityError:  # another worker's first claim won
            return float(RETRY_SECONDS)
    lease_until, started_at = row
    if _seconds(lease_until, now) > 0:
        return float(min(RETRY_SECONDS, max(1.0, _seconds(lease_until, now))))
    return max(1.0, _seconds(started_at, now) + rebuild_after.total_seconds())


def renew(session: Session, name: str, owner: str, now: datetime) -> bool:
    """Extend `owner`'s lease of `name`; False when it lost it (it expired and another builder took it)."""
    result = session.execute(update(ExportBuild).where(ExportBuild.name == name, ExportBuild.owner == owner)
                             .values(lease_until=now + LEASE).execution_options(synchronize_session=False))
    return getattr(result, "rowcount", 0) == 1


def release(session: Session, name: str, owner: str, now: datetime, version: str | None) -> None:
    """End `owner`'s build of `name` (`version`: what it built; None when it failed)."""
    values: dict[str, object] = {"owner": None, "lease_until": None, "finished_at": now}
    if version is not None:
        values["version"] = version
    session.execute(update(ExportBuild).where(ExportBuild.name == name, ExportBuild.owner == owner)
                    .values(**values).execution_options(synchronize_session=False))


def build(session: Session, name: str, root: str | Path, view: View | None = None) -> Built:
    """Write the dump `name` for the registry as `session` sees it now (the caller holds the lease)."""
    check_view(name, view)
    dump = dumps.DUMPS[name]
    version, sub = dumps.registry_version(session), view_folder(view)
    folder = Path(root) / version / (sub or "")
    folder.mkdir(parents=True, exist_ok=True)
    # Written under its own name (GDAL names layers after the file) in a private folder.
    scratch = Path(tempfile.mkdtemp(dir=folder, prefix=".build-"))
    try:
        if view is not None:
            formats.export_cameras(session, name, scratch / dump.filename, wanted=view[1])
        else:
            dumps.WRITERS[name](session, scratch / dump.filename)
        os.replace(scratch / dump.filename, folder / dump.filename)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _prune(Path(root), version, dump.filename, sub)
    built = find(root, name, version, view)
    assert built is not None
    return built


def _prune(root: Path, keep: str, filename: str, sub: str | None) -> None:
    """Remove the same file of other versions, old filtered files and scratch folders, empty folders."""
    for entry in root.iterdir():
        if not entry.is_dir() or entry.name == keep or entry.name.startswith("."):
            continue
        try:  # another builder may be writing or removing in there too
            ((entry / sub if sub else entry) / filename).unlink(missing_ok=True)
            for inner in entry.iterdir():
                if inner.is_dir() and time.time() - inner.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(inner, ignore_errors=True)  # filtered files, a dead builder's scratch
            if not any(entry.iterdir()):
                entry.rmdir()
        except OSError:
            continue
