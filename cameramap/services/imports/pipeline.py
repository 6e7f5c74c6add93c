"""The import pipeline: rows read and staged in batches, one batch ahead in a thread that runs on a gate."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from itertools import islice
from queue import Empty, Queue
from typing import Any

from ...importers.items import Accepted, Item
from ...storage.backends import TextRows
from .stage import Staged, stage

Batch = list[tuple[Item, Staged | None]]


class Gate(threading.Event):
    """Open while the reader may run: while any writer waits (`opened`), or for good once released."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._waiting = 0

    def enter(self) -> None:
        with self._lock:
            self._waiting += 1
            self.set()

    def leave(self) -> None:
        with self._lock:
            self._waiting -= 1
            if self._waiting == 0:
                self.clear()

    def release(self) -> None:
        """Open for good: the reader must not wait again (the pipeline is closing)."""
        with self._lock:
            self._waiting += 1 << 30
            self.set()


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


def prefetched(batches: Iterator[Batch], gate: Gate,
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
            with opened(gate):
                got = queue.get()
            if got is _END:
                return
            if isinstance(got, BaseException):
                raise got
            yield got
    finally:
        stop.set()
        gate.release()
        while worker.is_alive():
            with suppress(Empty):
                queue.get(timeout=0.05)


@contextmanager
def opened(gate: Gate) -> Iterator[None]:
    """The reader runs within (see prefetched): around a statement that waits on the database. Writers
    in several threads may each hold it: the gate closes when the last one leaves."""
    gate.enter()
    try:
        yield
    finally:
        gate.leave()


class _WhileImporting:
    """A process-wide setting changed while any import runs: the first import sets it, the last one
    to end puts back what was there before the first."""

    def __init__(self, read: Callable[[], Any], write: Callable[[Any], None]):
        self.read, self.write = read, write
        self.lock, self.imports, self.saved = threading.Lock(), 0, None

    @contextmanager
    def set_to(self, value: Any) -> Iterator[None]:
        with self.lock:
            if self.imports == 0:
                self.saved = self.read()
                self.write(value)
            self.imports += 1
        try:
            yield
        finally:
            with self.lock:
                self.imports -= 1
                if self.imports == 0:
                    self.write(self.saved)


_SWITCH_INTERVAL = _WhileImporting(sys.getswitchinterval, sys.setswitchinterval)
_COLLECTOR = _WhileImporting(gc.get_threshold, lambda thresholds: gc.set_threshold(*thresholds))


def quick_switches(interval: float = 0.001) -> AbstractContextManager[None]:
    """Threads take turns with the GIL every `interval` seconds while importing (restored after).

    A thread sending a COPY gives up the GIL at every chunk it writes to the socket; at the default
    5 ms a running reader then holds it a whole interval before the sender goes on. A million
    scattered rows in one session: 88.6 and 80.1 s at 5 ms, 77.3 and 74.9 s at 0.5 ms; in two
    lanes, 67.9 and 64.1 s at 0.5 ms, 66.5 and 62.4 s at 1 ms (docs/import-speed.md). Imports
    running at once in one process: the first sets it, the last puts it back."""
    return _SWITCH_INTERVAL.set_to(interval)


def fewer_collections(young: int = 50_000) -> AbstractContextManager[None]:
    """Python's cycle collector less often while importing (restored after).

    An import allocates millions of short-lived objects while a batch or two of them stay alive:
    at the default threshold (700) the collector ran thousands of times, each over those live
    objects. A million scattered rows (bench/import_csv.py): 128 s, 110 s with 50,000, at the same
    peak RSS (874 MiB); the import's serial writer Python: 32.9 s, 16.2 s. Imports running at once
    in one process: the first sets it, the last puts it back."""
    return _COLLECTOR.set_to((young, 20, 100))
