"""Two imports into the same cells at once both finish (no deadlock), and the cells add up exactly."""

from __future__ import annotations

import random
import threading

from sqlalchemy import text
from sqlalchemy.orm import Session

from cameramap.domain.records import SourceSpec
from cameramap.importers.items import Accepted
from cameramap.services.imports.store import ImportOptions, import_items
from cameramap.storage import clusters
from tests.databases import migrated_engine
from tests.factories import camera_record

ROWS = 3_000
BATCH = 500  # six committed batches each, their folds interleaved with the other import's


def _items(seed: int, reverse: bool) -> list[Accepted]:
    """SYNTHETIC cameras in one small area (every level's cells shared by both files), one file
    written west to east and the other east to west, so their cells are reached in opposite orders."""
    rng = random.Random(seed)
    points = sorted((round(rng.uniform(24.90, 24.99), 6), round(rng.uniform(60.15, 60.20), 6))
                    for _ in range(ROWS))
    if reverse:
        points.reverse()
    return [Accepted(row, camera_record(lon=lon, lat=lat, source_record_id=f"s{seed}-{row}",
                                        claims=[], camera_type=("dome", "fixed")[row % 2]))
            for row, (lon, lat) in enumerate(points, start=1)]


def _cells(connection) -> set[tuple]:
    return {tuple(row) for row in connection.execute(text(
        "SELECT level, x, y, status, count, sum_id, m_dome, m_fixed FROM camera_cells"))}


def test_concurrent_imports_into_the_same_cells_both_finish(tmp_path):
    with migrated_engine(tmp_path, "concurrent_imports") as engine:
        failures: list[BaseException] = []
        start = threading.Barrier(2)

        def run(seed: int, reverse: bool) -> None:
            try:
                with Session(engine) as session:
                    start.wait()
                    import_items(session, SourceSpec(f"Synthetic {seed}", "open_data"), _items(seed, reverse),
                                 ImportOptions(batch_size=BATCH, checkpoints=session))
            except BaseException as err:  # noqa: BLE001 - reported by the test thread
                failures.append(err)

        threads = [threading.Thread(target=run, args=(seed, seed == 2)) for seed in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not any(thread.is_alive() for thread in threads), "an import never finished"
        assert failures == []
        with Session(engine) as session:
            assert session.scalar(text("SELECT count(*) FROM cameras")) == 2 * ROWS
            folded = _cells(session.connection())
            clusters.rebuild(session)  # the cells recomputed from the cameras, in this transaction
            assert folded == _cells(session.connection())
            session.rollback()
