"""SQLite: a write during a large import waits a short slice of the import, never its busy timeout."""

from __future__ import annotations

import csv
import random
import sqlite3
import threading
import time

import pytest
from sqlalchemy.orm import Session

from cameramap.domain.records import SourceSpec
from cameramap.importers.items import ReadOptions
from cameramap.importers.registry import open_file
from cameramap.services.imports.store import ImportOptions, import_items
from tests.databases import migrated_engine

ROWS = 60_000
BUSY_TIMEOUT_S = 5.0  # the submission's patience here: half the app's 10 s


def _synthetic_csv(path, rows: int) -> None:
    """SYNTHETIC rows (random points, an id and a type), as bench/import_csv.py generates them."""
    rng = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "latitude", "longitude", "type", "notes"])
        for i in range(rows):
            writer.writerow([f"syn-{i}", f"{rng.uniform(-60, 70):.6f}", f"{rng.uniform(-179, 179):.6f}",
                             "dome", f"synthetic row {i}"])


def _submit(database: str) -> float:
    """One small write as a submission makes it (BEGIN IMMEDIATE, insert, commit): seconds waited."""
    connection = sqlite3.connect(database, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        waited = time.perf_counter() - started
        connection.execute("INSERT INTO geocode_rate (provider, next_at) VALUES (?, 0)",
                           (f"probe-{time.monotonic_ns()}",))
        connection.execute("COMMIT")
        return waited
    finally:
        connection.close()


def test_writes_get_through_while_a_large_import_runs(tmp_path, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL writers do not share one lock")
    path = tmp_path / "synthetic.csv"
    _synthetic_csv(path, ROWS)
    with migrated_engine(tmp_path, "concurrent") as engine:
        database = engine.url.database
        done, failures, waits = threading.Event(), [], []

        def run_import() -> None:
            try:
                with Session(engine) as session:
                    reading = open_file(path, ReadOptions())
                    import_items(session, SourceSpec("Synthetic", "open_data"), reading.items,
                                 ImportOptions(batch_size=50_000, checkpoints=session))
            finally:
                done.set()

        importer = threading.Thread(target=run_import)
        importer.start()
        time.sleep(1.0)
        while not done.is_set():
            try:
                waits.append(_submit(database))
            except sqlite3.OperationalError as err:
                failures.append(str(err))
            time.sleep(0.3)
        importer.join()
        assert failures == [], f"{len(failures)} of {len(failures) + len(waits)} writes failed: {failures[0]}"
        assert len(waits) >= 3 and max(waits) < BUSY_TIMEOUT_S
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM cameras").scalar() == ROWS
