"""SQLite: an import's WAL checkpoints run after its commits, in the pause, and leave no setting behind."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing

import pytest
from sqlalchemy.orm import Session

from cameramap.domain.geo import Point
from cameramap.domain.records import CameraRecord, SourceSpec
from cameramap.importers.items import Accepted
from cameramap.services.imports.store import ImportOptions, import_items
from cameramap.storage.backends import sqlite_import
from tests.databases import migrated_engine


def _autocheckpoint(engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()


def test_slices_checkpoint_after_commit_and_restore_the_setting(tmp_path, backend, monkeypatch):
    if backend != "sqlite":
        pytest.skip("SQLite's WAL only")
    monkeypatch.setattr("cameramap.storage.backends.sqlite.IMPORT_SLICE", 50)
    with migrated_engine(tmp_path, "checkpoints") as engine:
        before = _autocheckpoint(engine)
        items = (Accepted(i, CameraRecord(Point(10 + i / 1000, 50.0), f"r{i}")) for i in range(1, 201))
        with Session(engine) as session:
            report = import_items(session, SourceSpec("Synthetic", "open_data"), items,
                                  ImportOptions(batch_size=50, checkpoints=session))
        assert report.summary.created == 200
        assert _autocheckpoint(engine) == before == 1000
        with closing(sqlite3.connect(engine.url.database)) as connection:
            busy, frames, done = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert busy == 0 and frames == done  # nothing left behind in the WAL that could not be copied


def test_the_pause_counts_the_time_since_the_commit(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(sqlite_import.time, "sleep", slept.append)
    sqlite_import.pause()  # no commit seen: the whole pause
    sqlite_import._released.set(time.perf_counter() - 0.04)
    sqlite_import.pause()  # a checkpoint took 40 ms of it
    sqlite_import._released.set(time.perf_counter() - 0.5)
    sqlite_import.pause()  # a long checkpoint: no sleep at all
    assert slept[0] == sqlite_import.IMPORT_PAUSE_S
    assert 0.05 < slept[1] < 0.061
    assert len(slept) == 2
