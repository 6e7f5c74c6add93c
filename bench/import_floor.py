"""Benchmark: where a 1,000,000-row CSV import into SQLite spends its time, and the floor that leaves.

Imports bench/import_csv.py's SYNTHETIC file into a fresh SQLite database the way the CLI does, but
serially (no reader thread) so that every second is counted once: the reader (parse, validate, stage)
is timed in a first pass over the file, every SQL statement and commit of the import by the engine's
events, and the writer's own Python is what remains. The statements and commits alone are the floor
of any reader or writer on this machine: nothing in Python can import faster than SQLite takes to
store the rows, their revisions, links, change log, R*Tree entries and cluster cells.

    python bench/import_floor.py [--rows 1000000] [--distribution uniform|cities] [--batch 50000]
                                 [--levels 4,6,8,10,12]

`--levels` measures a hypothetical cluster index storing other levels: the bulk statement that
counts the cells is generated for them in this process (the migrations' frozen triggers keep their
own levels, and a bulk load does not fire them); `--batch` a larger batch than the CLI's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLES = ("camera_cells", "camera_rtree", "changes", "revisions", "provenance", "capability_claims",
          "cameras")


def label(statement: str) -> str:
    """The table an INSERT writes, or the kind of statement."""
    head = " ".join(statement.split()[:4])
    if head.startswith("INSERT INTO"):
        return next((t for t in TABLES if head.startswith(f"INSERT INTO {t}")), "other inserts")
    if head.startswith("SELECT"):
        return "reads (ids, links, conflation)"
    return "other statements"


class SqlClock:
    """Seconds per statement label and in commits, from the events of every engine and session."""

    def __init__(self) -> None:
        from sqlalchemy import Engine, event
        from sqlalchemy.orm import Session

        self.seconds: defaultdict[str, float] = defaultdict(float)
        self._started: float | None = None
        event.listen(Engine, "before_cursor_execute", self._start)
        event.listen(Engine, "after_cursor_execute", self._executed)
        event.listen(Engine, "commit", self._start)
        event.listen(Session, "after_commit", self._committed)

    def _start(self, *_args) -> None:
        self._started = time.perf_counter()

    def _stop(self, name: str) -> None:
        if self._started is not None:
            self.seconds[name] += time.perf_counter() - self._started
            self._started = None

    def _executed(self, _conn, _cursor, statement, *_args) -> None:
        self._stop(label(statement))

    def _committed(self, _session) -> None:
        self._stop("commits")


def reader_seconds(path: Path) -> tuple[float, int]:
    """One pass of the import's reader over the file: parse, validate, map and stage every row."""
    from cameramap.importers.items import Accepted, ReadOptions
    from cameramap.importers.registry import open_file
    from cameramap.services.imports.stage import stage

    started, accepted = time.perf_counter(), 0
    for item in open_file(path, ReadOptions(dataset="synthetic benchmark")).items:
        if isinstance(item, Accepted):
            stage(item.record)
            accepted += 1
    return time.perf_counter() - started, accepted


def use_levels(levels: str) -> None:
    """Generate the bulk statement that counts the cluster cells for these levels (the migrations'
    frozen triggers keep theirs; a bulk load does not fire them)."""
    from cameramap.storage import cellsql
    from cameramap.storage.backends import sqlite_sql

    cellsql.LEVELS = tuple(int(level) for level in levels.split(","))
    sqlite_sql.ADD_CELLS = sqlite_sql.add_cells_sql()


def import_timed(url: str, path: Path, batch: int) -> tuple[float, SqlClock, int]:
    """The serial import with its statements and commits timed: (seconds, clock, cameras created)."""
    import import_csv

    clock = SqlClock()  # on every engine: the app's is made inside load()
    elapsed, report, _server_cpu = import_csv.load(url, path, batch_size=batch, prefetch=False)
    return elapsed, clock, report.summary.created


def main() -> None:
    import import_csv

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    import_csv.synthetic_arguments(parser)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--levels", help="hypothetical cluster levels, e.g. 4,6,8,10,12")
    args = parser.parse_args()
    if args.levels:
        use_levels(args.levels)
    with tempfile.TemporaryDirectory(prefix="cameramap-bench-") as tmp:
        path = Path(tmp) / "synthetic_cameras.csv"
        import_csv.generate(path, args.rows, distribution=args.distribution)
        reading, accepted = reader_seconds(path)
        elapsed, clock, created = import_timed(f"sqlite:///{tmp}/bench.sqlite3", path, args.batch)
    assert created == accepted == args.rows, (created, accepted)
    print_figures(args, elapsed, reading, clock.seconds)


def print_figures(args, elapsed: float, reading: float, seconds: dict[str, float]) -> None:
    from cameramap.storage import cellsql

    sql = sum(seconds.values())
    print(f"{args.rows:,} SYNTHETIC rows, {args.distribution}, batches of {args.batch:,}, cluster levels "
          f"{','.join(map(str, cellsql.LEVELS))}: serial import {elapsed:.1f} s")
    print(f"  reader (parse, validate, map, stage)  {reading:6.1f} s   (a separate pass)")
    print(f"  writer Python                         {max(elapsed - reading - sql, 0.0):6.1f} s")
    for name, spent in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"  SQL {name:34} {spent:6.1f} s")
    print(f"SQLite alone (statements and commits): {sql:.1f} s, the floor of any import of these rows here")


if __name__ == "__main__":
    sys.path[:0] = [str(HERE.parent), str(HERE)]
    main()
