"""The import pipeline: batches staged one ahead in a thread that runs only while the writer waits."""

from __future__ import annotations

import datetime
import gc
import sys
import threading
import time

import orjson
import pytest

from cameramap.importers.items import Accepted, Rejected
from cameramap.services.imports.pipeline import (
    GATE_EVERY,
    Gate,
    fewer_collections,
    opened,
    prefetched,
    quick_switches,
    staged_batches,
)
from cameramap.services.imports.stage import record_hash, stage
from cameramap.services.imports.text_rows import snapshot_tail
from cameramap.services.imports.writer import SNAPSHOT_KEYS
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


def settled(consumed: list[int]) -> int:
    """The number of rows read once the reader has stood still for a while."""
    while True:
        before = len(consumed)
        time.sleep(0.3)
        if len(consumed) == before:
            return before


def readers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "import-reader"}


def test_the_reader_runs_only_while_the_writer_waits():
    gate, consumed = Gate(), []
    size = GATE_EVERY * 40  # staging a batch takes far longer than the writer takes to close the gate
    pipeline = prefetched(staged_batches(rows(size * 3, consumed), size, gate), gate)
    first = next(pipeline)  # the gate is open while the writer waits for a batch
    assert len(first) == size and not gate.is_set()
    paused = settled(consumed)
    assert size <= paused < 2 * size, "a closed gate, not a full queue, stops the reader mid-batch"
    with opened(gate):  # a long statement: the reader goes on
        wait_until(lambda: len(consumed) >= 2 * size)
    assert len(consumed) >= 2 * size
    assert len(next(pipeline)) == size
    pipeline.close()


def test_closing_the_pipeline_ends_a_reader_waiting_at_the_closed_gate():
    gate, consumed, before = Gate(), [], readers()
    pipeline = prefetched(staged_batches(rows(GATE_EVERY * 40, consumed), GATE_EVERY * 4, gate), gate)
    next(pipeline)
    reader = (readers() - before).pop()
    settled(consumed)
    assert reader.is_alive() and not gate.is_set()  # waiting at the gate the writer closed
    pipeline.close()
    reader.join(timeout=5)
    assert not reader.is_alive()
    assert len(consumed) < GATE_EVERY * 40


def test_the_collector_runs_less_often_within_and_as_before_after_even_on_an_error():
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with pytest.raises(ValueError), fewer_collections(40_000):
            assert gc.get_threshold() == (40_000, 20, 100)
            raise ValueError("a failed batch")
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*saved)


@pytest.mark.parametrize("operator_id", [None, 7, 123456])
def test_a_staged_snapshot_spliced_by_the_writer_is_the_json_of_every_field(operator_id):
    record = camera_record(notes='Kamera "itä" \\ tab\there \u2603', first_seen=datetime.date(2020, 5, 1),
                           height=4.5, camera_angle=None)
    staged = stage(record)
    spliced = staged.snapshot_head + snapshot_tail(operator_id)
    expected = dict(zip(SNAPSHOT_KEYS, (*staged.values, operator_id, "reported", None), strict=True))
    assert orjson.loads(spliced) == expected
    assert spliced == orjson.dumps(expected).decode()
    assert staged.bits == 8  # the factory's night-vision claim


def test_the_gate_stays_open_while_any_writer_waits_and_for_good_once_released():
    gate = Gate()
    assert not gate.is_set()
    with opened(gate):  # one lane folds
        with opened(gate):  # the other waits on its COPY
            assert gate.is_set()
        assert gate.is_set(), "the first writer still waits"
    assert not gate.is_set()
    gate.release()
    with opened(gate):
        pass
    assert gate.is_set()


def test_threads_switch_more_often_within_and_as_before_after_even_on_an_error():
    saved = sys.getswitchinterval()
    with pytest.raises(ValueError), quick_switches(0.0007):
        assert sys.getswitchinterval() == pytest.approx(0.0007)
        raise ValueError("a failed batch")
    assert sys.getswitchinterval() == saved


def test_imports_at_once_put_the_switch_interval_back_when_the_last_one_ends():
    saved = sys.getswitchinterval()
    first, second = quick_switches(0.0007), quick_switches(0.0007)
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first ends while the second still runs
    assert sys.getswitchinterval() == pytest.approx(0.0007)
    second.__exit__(None, None, None)
    assert sys.getswitchinterval() == saved
