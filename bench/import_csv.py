"""Benchmark: import a SYNTHETIC 1,000,000-row camera CSV into fresh SQLite and PostGIS databases.

Prints wall time, rows/s, peak RSS and CPU seconds of each import (run in a child process; for
PostGIS also the CPU seconds of its server backend, read from /proc on the same host: on a loaded
machine wall time says little), and beside them the time of a plain pyogrio read of the same file:
the floor no importer can beat; after PostGIS, the time of `ogr2ogr -f PostgreSQL` (PG_USE_COPY) of
the same CSV into `<database>_ogr2ogr`: the floor of a PostGIS load. It also prints the server's
`shared_buffers` and `max_wal_size`, which change a PostGIS import's time (docs/production.md).

    python bench/import_csv.py [--rows 1000000] [--skip-sqlite | --skip-postgis]
        [--postgres-url postgresql://postgres@127.0.0.1/cm_bench]

The generated data is random and clearly synthetic (operator "Synthetic Bench Operator", notes
"synthetic row N"); it never touches a real database other than the fresh ones this script creates.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPES = ("fixed", "dome", "PTZ", "speed camera", "ALPR", "")


def generate(path: Path, rows: int, seed: int = 42, distribution: str = "uniform") -> None:
    """`uniform`: points spread evenly over the inhabited latitudes, the worst case for the cluster
    index (almost every camera alone in its cell at the fine levels); `cities`: around 300 city
    centres of Zipf-distributed sizes (the largest 16%, like Moscow's
    200,000 of a million), spread over a few kilometres, as real registries are."""
    rng = random.Random(seed)
    centres = [(rng.uniform(-179.9, 179.9), rng.uniform(-50, 65)) for _ in range(300)]
    zipf = list(itertools.accumulate(1 / rank for rank in range(1, len(centres) + 1)))  # largest: 16%
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "latitude", "longitude", "type", "operator", "direction", "installed",
                         "notes"])
        for i in range(1, rows + 1):
            if distribution == "cities":
                lon, lat = rng.choices(centres, cum_weights=zipf)[0]
                lon, lat = lon + rng.gauss(0, 0.05), lat + rng.gauss(0, 0.03)
            else:
                lon, lat = rng.uniform(-179.9, 179.9), rng.uniform(-60, 70)
            writer.writerow([
                f"syn-{i}", f"{lat:.7f}", f"{lon:.7f}",
                TYPES[i % len(TYPES)], f"Synthetic Bench Operator {i % 50}", str(rng.randrange(0, 360)),
                f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}", f"synthetic row {i}",
            ])


def synthetic_arguments(parser: argparse.ArgumentParser, rows: int = 1_000_000) -> None:
    """--rows and --distribution: the synthetic file's size and layout (generate)."""
    parser.add_argument("--rows", type=int, default=rows)
    parser.add_argument("--distribution", choices=("uniform", "cities"), default="uniform")


def pyogrio_floor(path: Path) -> float:
    import pyogrio

    started = time.perf_counter()
    frame = pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="longitude", Y_POSSIBLE_NAMES="latitude")
    elapsed = time.perf_counter() - started
    assert len(frame) > 0
    return elapsed


def peak_rss_kib() -> int:
    """This process's own high-water RSS (VmHWM). ru_maxrss would also count the parent's pages the
    child carried between fork and exec: after the pyogrio read, the parent's 900 MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def load(url: str, path: Path | str, batch_size: int = 50000, prefetch: bool = True, lanes: bool = True):
    """Migrate the database at `url` and import the CSV at `path` as the CLI would: (seconds, report)."""
    from sqlalchemy.orm import Session

    from cameramap import create_app
    from cameramap.domain.records import SourceSpec
    from cameramap.extensions import db
    from cameramap.importers.items import ReadOptions
    from cameramap.importers.registry import open_file
    from cameramap.services.imports.store import ImportOptions, import_items

    app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": True, "SECRET_KEY": "bench"})
    with app.app_context():
        started = time.perf_counter()
        reading = open_file(path, ReadOptions(dataset="synthetic benchmark"))
        spec = SourceSpec("Synthetic benchmark", "open_data", licence="CC0-1.0")
        session = db.session()  # the runner: it commits each batch, as the CLI does
        lane = Session(db.engine) if lanes else None
        report = import_items(session, spec, reading.items,
                              ImportOptions(batch_size=batch_size, conflate_m=15.0, format=reading.format,
                                            prefetch=prefetch, checkpoints=session, lane=lane))
        elapsed = time.perf_counter() - started
        server = _server_cpu(session) + (_server_cpu(lane) if lane is not None else 0.0)
        if lane is not None:
            lane.close()
        return elapsed, report, server


def _server_cpu(session) -> float:
    """CPU seconds of the PostgreSQL backend serving `session` (same host: /proc), or 0.0 (SQLite)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name != "postgresql":
        return 0.0
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child(url: str, path: str, lanes: str = "2") -> None:
    """Runs in a fresh process: migrate the empty database, import the file, print the summary."""
    elapsed, report, server = load(url, path, lanes=lanes == "2")
    peak_kib = peak_rss_kib()
    print(f"{elapsed:.3f} {report.summary.created} {sum(report.summary.rejected.values())} {peak_kib} "
          f"{server:.2f}")


def measure(url: str, path: Path, lanes: int = 2) -> tuple[float, int, int, float, float]:
    """Import in a child process: (wall s, cameras created, its peak RSS KiB, CPU s of the child, CPU s
    of its PostgreSQL backends)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, __file__, "--child", url, str(path), str(lanes)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    elapsed, created, _rejected, peak_kib, server = result.stdout.split()[-5:]
    return float(elapsed), int(created), int(peak_kib), cpu, float(server)


def fresh_postgres(url: str) -> str | None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as err:
        print(f"PostGIS: skipped ({err})")
        return None
    return url


def _reference_checks(url: str) -> str:
    """How this role's imports check their new rows' foreign keys (storage/backends/postgis_bulk.py)."""
    import psycopg

    with psycopg.connect(url) as conn:
        may = conn.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')").fetchone()
    if may and may[0]:
        return "parents locked once per batch, per-row checks off (the role may set session_replication_role)"
    return "checked row by row (the role may not set session_replication_role)"


def _server_settings(url: str) -> str:
    """The server settings an import's speed depends on most (docs/production.md, section 1)."""
    import psycopg

    with psycopg.connect(url) as conn:
        shown = [f"{name} {conn.execute(f'SHOW {name}').fetchone()[0]}"  # type: ignore[index]
                 for name in ("shared_buffers", "max_wal_size")]
    return ", ".join(shown)


def ogr2ogr_floor(url: str, path: Path) -> float | None:
    """`ogr2ogr -f PostgreSQL` with PG_USE_COPY of the same CSV into a fresh database: points and a GiST
    index, nothing else (no revisions, links, change log or cluster cells): the PostGIS floor."""
    import shutil

    target = fresh_postgres(url + "_ogr2ogr")
    if target is None or shutil.which("ogr2ogr") is None:
        print("ogr2ogr: skipped (no ogr2ogr or no PostgreSQL)")
        return None
    from sqlalchemy.engine import make_url

    parsed = make_url(target)
    subprocess.run(["psql", "-q", "-h", parsed.host or "127.0.0.1", "-U", parsed.username or "postgres",
                    "-d", parsed.database or "", "-c", "CREATE EXTENSION IF NOT EXISTS postgis"], check=True)
    connection = (f"PG:host={parsed.host or '127.0.0.1'} port={parsed.port or 5432} "
                  f"user={parsed.username or 'postgres'} dbname={parsed.database}")
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", connection, str(path), "-nln", "cameras_floor",
                    "-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude",
                    "-oo", "KEEP_GEOM_COLUMNS=NO", "-a_srs", "EPSG:4326", "--config", "PG_USE_COPY", "YES",
                    "-gt", "65536"], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"ogr2ogr client CPU {cpu:.1f} s")
    return time.perf_counter() - started


def report(label: str, rows: int, measured: tuple[float, int, int, float, float], floor: float) -> None:
    elapsed, created, peak_kb, cpu, server = measured
    server_cpu = f"  server CPU {server:.1f} s" if server else ""
    print(f"{label:8} {elapsed:8.1f} s  {rows / elapsed:10,.0f} rows/s  created {created:,}  "
          f"peak RSS {peak_kb / 1024:,.0f} MiB  CPU {cpu:.1f} s{server_cpu}  "
          f"(pyogrio floor {floor:.1f} s, x{elapsed / floor:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    synthetic_arguments(parser)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1/cm_import_bench")
    parser.add_argument("--skip-sqlite", action="store_true", help="measure PostGIS (and ogr2ogr) only")
    parser.add_argument("--skip-postgis", action="store_true", help="measure SQLite only")
    parser.add_argument("--one-session", action="store_true",
                        help="PostGIS: write every batch in one session (as before the second lane)")
    parser.add_argument("--child", nargs=3, metavar=("URL", "PATH", "LANES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="cameramap-bench-") as tmp:
        path = Path(tmp) / "synthetic_cameras.csv"
        started = time.perf_counter()
        generate(path, args.rows, distribution=args.distribution)
        size = path.stat().st_size / 2**20
        print(f"generated {args.rows:,} SYNTHETIC rows, {args.distribution} distribution ({size:,.0f} MiB) "
              f"in {time.perf_counter() - started:.1f} s")
        floor = pyogrio_floor(path)
        print(f"pyogrio  {floor:8.1f} s  plain read_dataframe of the same file (the floor)", flush=True)
        print(f"machine load average before the imports: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        if not args.skip_sqlite:
            report("SQLite", args.rows, measure(f"sqlite:///{tmp}/bench.sqlite3", path), floor)
        if not args.skip_postgis and (url := fresh_postgres(args.postgres_url)):
            print(f"PostGIS foreign keys of the rows an import creates: {_reference_checks(url)}")
            print(f"PostGIS server: {_server_settings(url)}")
            ours = measure(url, path, lanes=1 if args.one_session else 2)
            report("PostGIS", args.rows, ours, floor)
            if (reference := ogr2ogr_floor(args.postgres_url, path)) is not None:
                print(f"ogr2ogr  {reference:8.1f} s  -f PostgreSQL, PG_USE_COPY: points and a GiST index "
                      f"only (the PostGIS floor; ours x{ours[0] / reference:.1f})", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
