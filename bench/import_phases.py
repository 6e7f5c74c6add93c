"""Where a PostGIS import's time goes: per phase, the writer thread's wall and CPU and the server's CPU.

Imports a SYNTHETIC CSV (bench/import_csv.py's rows) into a fresh PostGIS database, as the CLI would,
with the import's phases wrapped in timers: the whole per-batch work, the COPY of each table, drawing
the new ids, the cluster-cell fold and the commit. The server's CPU is read from /proc for the backend
of the import's session (same host). Measures one import; compare runs alternating (docs/import-speed.md).

    python bench/import_phases.py [--rows 1000000] [--distribution uniform|cities] [--batch-size 50000]
        [--postgres-url postgresql://postgres@127.0.0.1/cm_import_phases]
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_csv  # noqa: E402 - this folder's benchmark: the rows, the fresh database, the load

WALL: dict[str, float] = collections.defaultdict(float)
WRITER: dict[str, float] = collections.defaultdict(float)
SERVER: dict[str, float] = collections.defaultdict(float)
BACKEND: list[int] = []


def server_cpu() -> float:
    if not BACKEND:
        return 0.0
    fields = Path(f"/proc/{BACKEND[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(owner: Any, name: str, label: str, static: bool = False, per_table: bool = False) -> None:
    """Replace owner.name by a wrapper adding its time on the main (writer) thread to `label`."""
    real = getattr(owner, name)

    @functools.wraps(real)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            return real(*args, **kwargs)
        key = f"{label} {args[1]}" if per_table else label
        wall, writer, server = time.perf_counter(), time.thread_time(), server_cpu()
        try:
            return real(*args, **kwargs)
        finally:
            WALL[key] += time.perf_counter() - wall
            WRITER[key] += time.thread_time() - writer
            SERVER[key] += server_cpu() - server

    setattr(owner, name, staticmethod(wrapper) if static else wrapper)


def instrument() -> None:
    from sqlalchemy import text

    from cameramap.services.imports import store, writer
    from cameramap.storage.backends import postgis, postgis_copy

    real_create = writer.BatchWriter.create

    def create(self: Any, records: Any) -> Any:  # the first batch tells the backend's pid
        if not BACKEND:
            BACKEND.append(self.session.execute(text("SELECT pg_backend_pid()")).scalar_one())
        return real_create(self, records)

    writer.BatchWriter.create = create  # type: ignore[method-assign]
    timed(store._Run, "process", "a batch: decide, write, fold")
    timed(postgis_copy.CopyText, "new_ids", "  draw the new cameras' ids", static=True)
    timed(postgis_copy.CopyText, "write", "  COPY", static=True, per_table=True)
    timed(postgis, "add_bulk_loaded", "  fold the cameras into the cluster cells")
    timed(store, "_checkpoint", "commit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    import_csv.synthetic_arguments(parser)
    parser.add_argument("--batch-size", type=int, default=50_000)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1/cm_import_phases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cameramap-bench-") as tmp:
        path = Path(tmp) / "synthetic_cameras.csv"
        import_csv.generate(path, args.rows, distribution=args.distribution)
        if not import_csv.fresh_postgres(args.postgres_url):
            return
        instrument()
        load = os.getloadavg()[0]
        elapsed, report, server = import_csv.load(args.postgres_url, path, batch_size=args.batch_size,
                                                   lanes=False)  # phases of one session
    print(f"{report.summary.created:,} cameras created in {elapsed:.1f} s (load average before: {load:.1f}); "
          f"server CPU {server:.1f} s, writer thread CPU {time.thread_time():.1f} s, "
          f"whole client CPU {time.process_time():.1f} s")
    print(f"{'phase (writer thread)':46} {'wall':>7} {'writer CPU':>11} {'server CPU':>11}")
    for key in WALL:
        print(f"{key:46} {WALL[key]:7.1f} {WRITER[key]:11.1f} {SERVER[key]:11.1f}")


if __name__ == "__main__":
    main()
