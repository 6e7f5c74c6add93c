"""The import pipeline: batches staged one ahead in a thread, paused while the writer closes the gate."""

from __future__ import annotations

import threading
import time

import pytest

from cameramap.importers.items import Accepted, Rejected
from cameramap.services.import_pipeline import GATE_EVERY, closed, prefetched, staged_batches
from cameramap.services.import_stage import record_hash, stage
from tests.factories import camera_record


def rows(count: int, consumed: list[int]):
    for row in range(1, count + 1):
        consumed.append(row)
        if row % 7 == 0:
            yield Rejected(row, "null_island", "(0, 0)")
        else:
            yield Accepted(row, camera_record(lon=10 + row / 1000, lat=50.0, source_record_id=f"r{row}"))


def wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_accepted_rows_are_staged_with_their_digest_and_rejections_pass_through():
    batches = list(staged_batches(rows(20, []), 8))
    assert [len(b) for b in batches] == [8, 8, 4]
    for item, staged in (pair for batch in batches for pair in batch):
        if isinstance(item, Rejected):
            assert staged is None
            continue
        assert staged.digest == record_hash(item.record)
        assert staged.values[:2] == item.record.point.rounded()
        assert staged == stage(item.record)


def test_the_reader_pauses_while_the_gate_is_closed():
    gate, consumed = threading.Event(), []
    with closed(gate):
        pipeline = prefetched(staged_batches(rows(GATE_EVERY * 10, consumed), GATE_EVERY * 10, gate), gate)
        first = threading.Thread(target=lambda: next(pipeline))
        first.start()
        wait_until(lambda: len(consumed) >= GATE_EVERY)
        time.sleep(0.2)
        assert len(consumed) == GATE_EVERY, "the reader went on past a closed gate"
    first.join(timeout=5)
    assert not first.is_alive()
    assert len(consumed) == GATE_EVERY * 10
    pipeline.close()


def test_a_failing_writer_never_leaves_the_reader_stuck_at_the_gate():
    gate, consumed = threading.Event(), []
    gate.set()
    pipeline = prefetched(staged_batches(rows(GATE_EVERY * 40, consumed), GATE_EVERY, gate), gate)
    next(pipeline)
    with pytest.raises(RuntimeError), closed(gate):
        raise RuntimeError("the batch failed")
    assert gate.is_set()
    gate.clear()  # as if the writer died holding it: closing the pipeline still opens it
    pipeline.close()
    assert gate.is_set()
    assert not [t for t in threading.enumerate() if t.name == "import-reader"]
