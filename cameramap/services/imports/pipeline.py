"""The import pipeline: rows read and staged in batches, one batch ahead in a thread that runs on a gate."""

from __future__ import annotations

import gc
import threading
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from queue import Empty, Queue
from typing import Any

from ...importers.items import Accepted, Item
from ...storage.backends import TextRows
from .stage import Staged, stage

Batch = list[tuple[Item, Staged | None]]


def staged_batches(items: Iterable[Item], size: int, gate: threading.Event | None = None,
                   text_rows: TextRows | None = None) -> Generator[Batch, None, None]:
    """Batches of rows, each accepted record staged (hashed, its row values formatted, as text too for
    a backend that takes `text_rows`) on the way; every few hundred rows, wait while `gate` is closed."""
    iterator = iter(items)
    while True:
        batch: Batch = []
        for item in islice(iterator, size):
            batch.append((item, stage(item.record, text_rows) if isinstance(item, Accepted) else None))
            if gate is not None and len(batch) % GATE_EVERY == 0:
                gate.wait()
        if not batch:
            return
        yield batch


_END = object()
GATE_EVERY = 256  # rows the reader stages between looks at the gate


def prefetched(batches: Iterator[Batch], gate: threading.Event,
               depth: int = 1) -> Generator[Batch, None, None]:
    """Read and stage the next batch in a thread while this one is written (one batch ahead is
    enough, and each batch held costs memory). Reader errors re-raise here.

    Two threads running Python share one core (the GIL), so the reader runs only while `gate` is
    open: while the writer waits here for a batch, and while it waits on the database in a long
    statement or a commit (`opened`), when the driver releases the GIL. Elsewhere the writer runs
    Python, or an executemany that takes the GIL back after every row (each row would wait out a
    thread switch interval), and the reader pauses within GATE_EVERY rows. A million scattered rows:
    143 s with the reader free (the writer's Python at half speed), 128 s gated."""
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
        while True:
            gate.set()
            got = queue.get()
            gate.clear()
            if got is _END:
                return
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
def opened(gate: threading.Event) -> Iterator[None]:
    """The reader runs within (see prefetched): around a statement that waits on the database."""
    gate.set()
    try:
        yield
    finally:
        gate.clear()


@contextmanager
def fewer_collections(young: int = 50_000) -> Iterator[None]:
    """Python's cycle collector less often while importing (restored after).

    An import allocates millions of short-lived objects while a batch or two of them stay alive:
    at the default threshold (700) the collector ran thousands of times, each over those live
    objects. A million scattered rows (bench/import_csv.py): 128 s, 110 s with 50,000, at the same
    peak RSS (874 MiB); the import's serial writer Python: 32.9 s, 16.2 s."""
    saved = gc.get_threshold()
    gc.set_threshold(young, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
