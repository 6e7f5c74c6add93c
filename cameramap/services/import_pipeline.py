"""The import pipeline: rows read and staged in batches, one batch ahead in a thread, paused on a gate."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from queue import Empty, Queue
from typing import Any

from ..importers.items import Accepted, Item
from .import_stage import Staged, stage

Batch = list[tuple[Item, Staged | None]]


def staged_batches(items: Iterable[Item], size: int, gate: threading.Event | None = None) -> Iterator[Batch]:
    """Batches of rows, each accepted record staged (hashed, its row values formatted) on the way;
    every few hundred rows, wait while `gate` is closed."""
    iterator = iter(items)
    while True:
        batch: Batch = []
        for item in islice(iterator, size):
            batch.append((item, stage(item.record) if isinstance(item, Accepted) else None))
            if gate is not None and len(batch) % GATE_EVERY == 0:
                gate.wait()
        if not batch:
            return
        yield batch


_END = object()
GATE_EVERY = 256  # rows the reader stages between looks at the gate


def prefetched(batches: Iterator[Batch], gate: threading.Event, depth: int = 1) -> Iterator[Batch]:
    """Read and stage the next batch in a thread while this one is written (one batch ahead is
    enough, and each batch held costs memory). Reader errors re-raise here.

    The database driver releases the GIL while SQLite works, so reading overlaps writing on two
    cores, but only during long statements (the cluster index, the R*Tree, the commit). During an
    executemany the driver takes the GIL back after every row, and while the reader runs Python
    each row would wait out a thread switch interval: the writer closes `gate` for those, and the
    reader pauses (200,000 rows: 46 s with the reader free, 49 s with no reader)."""
    queue: Queue[Any] = Queue(maxsize=depth)
    stop = threading.Event()

    def read() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                queue.put(batch)
            queue.put(_END)
        except BaseException as err:  # noqa: BLE001 - handed to the consuming thread
            queue.put(err)

    worker = threading.Thread(target=read, name="import-reader", daemon=True)
    worker.start()
    try:
        while (got := queue.get()) is not _END:
            if isinstance(got, BaseException):
                raise got
            yield got
    finally:
        stop.set()
        gate.set()
        while worker.is_alive():
            with suppress(Empty):
                queue.get(timeout=0.05)


@contextmanager
def closed(gate: threading.Event) -> Iterator[None]:
    """The reader pauses within (see prefetched)."""
    gate.clear()
    try:
        yield
    finally:
        gate.set()
