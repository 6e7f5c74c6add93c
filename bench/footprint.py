"""Benchmark: a serving worker's memory (PSS) after a wrk load, ours beside the bare app and the ORM floor.

    python bench/footprint.py [--database sqlite:////tmp/cm-viewport-200000.sqlite3] [--wrk-seconds 10]
                              [--rounds 2]

Serves the same database three ways, 2 processes x 4 threads each, the app loaded before the fork:
ours (`cameramap serve`), the bare app (bench/bare_app.py: Flask + sqlite3/psycopg) and the floor
(bench/orm_floor_app.py: the bare app through Flask + SQLAlchemy), both under gunicorn --preload.
wrk runs the same mix of z8/z12/z16 views on each, alternating, then prints the PSS of every master
and worker (/proc/PID/smaps_rollup); first, what ours imports at start-up and the PSS of one process
that has only imported each app.
Prints figures with the load average (the machine may be shared); asserts nothing.
Build the database first with bench/viewport.py (it keeps the SQLite file in /tmp).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import scale_http
from viewport import bare_path, children, load, our_path, pss_mib

BENCH = Path(__file__).resolve().parent
STARTUP = """
import sys
import cameramap.cli.serve  # what `cameramap serve` loads before forking its workers
from cameramap import create_app
create_app({"DATABASE_URL": sys.argv[1], "AUTO_MIGRATE": False, "SECRET_KEY": "footprint"})
print(" ".join(sorted({m.split(".")[0] for m in sys.modules if not m.startswith("_")})))
print(len(sys.modules))
"""
IMPORTED = {  # one process, its app imported and built, no request yet
    "ours": STARTUP,
    "bare": "import sys, os; os.environ['CAMERAMAP_DATABASE_URL'] = sys.argv[1]; import bare_app",
    "floor": "import sys, os; os.environ['CAMERAMAP_DATABASE_URL'] = sys.argv[1]; import orm_floor_app",
    "flask+sqlalchemy": "import flask, sqlalchemy.orm",
}
PSS = "\nimport os\nprint([l for l in open(f'/proc/{os.getpid()}/smaps_rollup') if l.startswith('Pss:')][0])"


def gunicorn(url: str, module: str):
    port = scale_http.free_port()
    command = [str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "--threads", "4", "--preload",
               "-b", f"127.0.0.1:{port}", "--chdir", str(BENCH), f"{module}:app"]
    probe = bare_path([0, 0, 0.001, 0.001], 16)
    return scale_http.serve(command, {"CAMERAMAP_DATABASE_URL": url}, port, probe)


def view_mix(url: str) -> list[tuple[list[float], int]]:
    """z8/z12/z16 views centred on 100 cameras each."""
    from sqlalchemy import create_engine, text

    with create_engine(url).connect() as connection:
        rows = connection.execute(text("SELECT lon, lat FROM cameras ORDER BY random() LIMIT 100")).all()
    rng = np.random.default_rng(99)
    return [(scale_http._tile_box(float(lon), float(lat), z), z) for z in (8, 12, 16)
            for lon, lat in (rows[i] for i in rng.integers(0, len(rows), 100))]


def startup_imports(url: str) -> None:
    out = subprocess.run([sys.executable, "-c", STARTUP, url], capture_output=True, text=True, check=True)
    packages, count = out.stdout.strip().splitlines()[-2:]
    print(f"  ours at start-up: {count} modules; packages: {packages}")
    for name, script in IMPORTED.items():
        out = subprocess.run([sys.executable, "-c", script + PSS, url], capture_output=True, text=True,
                             check=True, cwd=BENCH)
        print(f"  {name}, imported only: PSS {int(out.stdout.split()[-2]) / 1024:.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="sqlite:////tmp/cm-viewport-200000.sqlite3")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    mix = view_mix(args.database)
    startup_imports(args.database)
    # A map view as the readiness probe: a list without zoom= labels streets (numpy, shapely).
    probe = our_path(*mix[0])
    with (scale_http.ours(args.database, probe=probe) as ours, gunicorn(args.database, "bare_app") as bare,
          gunicorn(args.database, "orm_floor_app") as floor):
        servers = (("ours", ours, our_path), ("bare", bare, bare_path), ("floor", floor, bare_path))
        for _round in range(args.rounds + 1):  # the first round warms up, unmeasured
            for name, port, make in servers:
                result = scale_http.wrk(port, [make(b, z) for b, z in mix], args.wrk_seconds)
                if _round:
                    print(f"  wrk {name:5}: {result['rps']:7.1f} req/s  p50 {result['p50']:>8}  "
                          f"p99 {result['p99']:>8}  non-2xx {result['errors']}  ({load()})")
        print(f"  PSS after the load, MiB ({load()}):")
        for name, port, _make in servers:
            master = scale_http.last_pid(port)
            workers = ", ".join(f"{v:.1f}" for v in pss_mib(children(master)))
            print(f"    {name:5} workers {workers}   master {pss_mib([master])[0]:.1f}")


if __name__ == "__main__":
    main()
