"""Benchmark: the map view's path against the floor (bench/bare_app.py over the same tables), alternating.

    python bench/viewport.py [--cameras 200000] [--backends sqlite,postgresql] [--wrk-seconds 10]
                             [--rounds 3] [--postgres-url postgresql://postgres@127.0.0.1/cm_viewport_bench]

Data: scale_data's synthetic cameras plus three dense districts (1,000 cameras in one z16 tile each),
bulk-loaded once per size and backend (the SQLite file is kept in /tmp for the next run).
1. In-process CPU per request for seven view classes (empty z16, Moscow z8, z12 and dense z16
   centred on cameras; Moscow z5, z9 and z13, which sum the most stored cells per cell shown):
   ours (the Flask test client) and the bare app, alternating in blocks.
2. HTTP under wrk (2 threads, 8 connections, 2 gunicorn workers x 4 threads each), over a mix of
   z8/z12/z16 views centred on cameras: ours and bare alternating, `rounds` times each; req/s,
   p50 and p99 per round, then the PSS of ours's serving workers after the load.
3. Vector tiles beside GeoJSON tiles: bytes (raw and gzipped) and CPU per tile, in-process.
Prints figures with the load average (the machine may be shared); asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scale_data
import scale_http
from sqlalchemy import text
from sqlalchemy.orm import Session

from cameramap.storage.database import make_engine, upgrade
from cameramap.storage.grid import cell_corner, cell_x, cell_y

BENCH = Path(__file__).resolve().parent
DENSE = [(13.4050, 52.5200), (2.3522, 48.8566), (-3.7038, 40.4168)]  # centres with no other camera


def load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def with_dense(data: dict[str, np.ndarray], per_tile: int = 1000) -> dict[str, np.ndarray]:
    """Three z16 tiles of `per_tile` cameras each (a city centre where every entrance has one)."""
    rng = np.random.default_rng(16)
    extra = []
    for lon, lat in DENSE:
        west, north = cell_corner(16, cell_x(lon, 16), cell_y(lat, 16))
        east, south = cell_corner(16, cell_x(lon, 16) + 1, cell_y(lat, 16) + 1)
        lons, lats = rng.uniform(west, east, per_tile), rng.uniform(south, north, per_tile)
        extra.append(np.column_stack([lons, lats]))
    points = np.concatenate(extra)
    n = len(points)
    more = {"lon": points[:, 0], "lat": points[:, 1],
            "camera_type": scale_data.TYPES[rng.choice(4, n)], "alpr": rng.random(n) < 0.03,
            "status": np.array(["reported"] * n, dtype=object), "direction": rng.integers(-1, 360, n),
            "height": np.where(rng.random(n) < 0.3, 4.0, np.nan), "angle": np.full(n, np.nan),
            "face": rng.random(n) < 0.05}
    return {k: np.concatenate([data[k], more[k]]) for k in data}


def _loaded(url: str, cameras: int) -> bool:
    """Whether the PostgreSQL bench database already holds this size's cameras (kept between runs)."""
    from sqlalchemy.exc import SQLAlchemyError

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM cameras")) == cameras + 3 * 1000
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def prepare(backend: str, cameras: int, pg_url: str) -> str:
    if backend == "sqlite":
        path = Path(tempfile.gettempdir()) / f"cm-viewport-{cameras}.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists():
            return _migrated(url)  # kept from an earlier run, perhaps of an older schema
    else:
        import scale

        url = pg_url
        if _loaded(url, cameras):
            return _migrated(url)
        scale.fresh("postgresql", pg_url)
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        seconds = scale_data.bulk_load(session, with_dense(scale_data.generate(cameras)))
        total = session.scalar(text("SELECT count(*) FROM cameras"))
        print(f"  loaded {total} cameras in {seconds:.0f} s")
    if backend != "sqlite":  # what autovacuum does after a bulk load (this server may run without it)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    return url


def _migrated(url: str) -> str:
    """A kept database brought to the current schema (a migration may rebuild the cell index)."""
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def views(data, seed: int = 5) -> dict[str, list[tuple[list[float], int]]]:
    rng = np.random.default_rng(seed)
    box = scale_http._tile_box
    moscow = lambda zoom: [(box(37.62 + rng.normal(0, 0.3), 55.75 + rng.normal(0, 0.2), zoom), zoom)  # noqa: E731
                           for _ in range(50)]
    on = lambda zoom, n: [(scale_http._tile_box(float(data["lon"][i]), float(data["lat"][i]), zoom), zoom)  # noqa: E731
                          for i in rng.integers(0, len(data["lon"]), n)]
    return {
        "empty z16": [(box(float(rng.uniform(-170, -40)), float(rng.uniform(-50, -10)), 16), 16)
                      for _ in range(50)],
        "Moscow z8": moscow(8),
        "z12": on(12, 50),
        "dense z16": [(scale_http._tile_box(lon, lat, 16), 16) for lon, lat in DENSE] * 17,
        # the views that sum the most stored cells per cell shown (8 x 8: docs/cluster-index.md)
        "Moscow z5": moscow(5),
        "Moscow z9": moscow(9),
        "Moscow z13": moscow(13),
    }


def our_path(box, zoom) -> str:
    return f"/api/v1/cameras?bbox={','.join(map(repr, box))}&zoom={zoom}"


def bare_path(box, zoom) -> str:
    return f"/v?bbox={','.join(map(repr, box))}&zoom={zoom}"


def cpu_per_request(client, paths: list[str]) -> tuple[float, float, float]:
    """Median CPU ms, median wall ms and mean body bytes."""
    cpus, walls, sizes = [], [], []
    for path in paths:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        sizes.append(len(response.get_data()))
    return statistics.median(cpus), statistics.median(walls), statistics.mean(sizes)


def in_process(url: str, classes) -> None:
    os.environ["CAMERAMAP_DATABASE_URL"] = url
    sys.path.insert(0, str(BENCH))
    import importlib

    from cameramap import create_app

    bare = importlib.reload(importlib.import_module("bare_app")).app.test_client()
    ours = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False, "SECRET_KEY": "bench"}).test_client()
    print(f"  in-process, median CPU ms per request (wall ms), 2 alternating blocks each  ({load()})")
    for name, boxes in classes.items():
        figures: dict[str, list[tuple[float, float, float]]] = {"ours": [], "bare": []}
        for _block in range(2):
            figures["ours"].append(cpu_per_request(ours, [our_path(b, z) for b, z in boxes]))
            figures["bare"].append(cpu_per_request(bare, [bare_path(b, z) for b, z in boxes]))
        o = min(figures["ours"])
        b = min(figures["bare"])
        print(f"  {name:10} ours {o[0]:6.2f} ({o[1]:6.2f})  bare {b[0]:6.2f} ({b[1]:6.2f})  "
              f"CPU ratio {o[0] / b[0]:4.2f}x  ours {o[2] / 1024:6.1f} KB")


def pss_mib(pids: list[int]) -> list[float]:
    out = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                out.append(int(line.split()[1]) / 1024)
    return out


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def bare_server(url: str):
    port = scale_http.free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}", "--chdir", str(BENCH),
               "bare_app:app"]
    probe = bare_path([0, 0, 0.001, 0.001], 16)
    return scale_http.serve(command, {"CAMERAMAP_DATABASE_URL": url}, port, probe)


def under_wrk(url: str, data, seconds: int, rounds: int) -> None:
    rng = np.random.default_rng(99)
    mix = [(scale_http._tile_box(float(data["lon"][i]), float(data["lat"][i]), z), z)
           for z in (8, 12, 16) for i in rng.integers(0, len(data["lon"]), 100)]
    # A map view as the readiness probe: the default, a list without zoom=, names nearest streets, which
    # loads numpy and shapely into the worker that answers it (not what a map-serving worker carries).
    with scale_http.ours(url, probe=our_path(*mix[0])) as ours_port, bare_server(url) as bare_port:
        for port, make in ((ours_port, our_path), (bare_port, bare_path)):  # warm both up, unmeasured
            scale_http.wrk(port, [make(b, z) for b, z in mix], 3)
        results: dict[str, list[dict]] = {"ours": [], "bare": []}
        for _round in range(rounds):
            for name, port, make in (("ours", ours_port, our_path), ("bare", bare_port, bare_path)):
                result = scale_http.wrk(port, [make(b, z) for b, z in mix], seconds)
                results[name].append(result)
                print(f"  wrk {name}: {result['rps']:7.1f} req/s  p50 {result['p50']:>8}  "
                      f"p99 {result['p99']:>8}  non-2xx {result['errors']}  ({load()})")
        ours_rps = statistics.median(r["rps"] for r in results["ours"])
        bare_rps = statistics.median(r["rps"] for r in results["bare"])
        print(f"  median throughput: ours {ours_rps:.0f}, bare {bare_rps:.0f} req/s = "
              f"{ours_rps / bare_rps:.0%} of the floor")
        master = int(Path(f"/proc/{scale_http.last_pid(ours_port)}").name)
        print(f"  PSS of ours's serving workers after the load: "
              f"{', '.join(f'{v:.0f}' for v in pss_mib(children(master)))} MiB (master "
              f"{pss_mib([master])[0]:.0f} MiB)")


def tiles(url: str, data) -> None:
    from cameramap import create_app

    client = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False, "SECRET_KEY": "bench"}).test_client()
    rng = np.random.default_rng(3)
    for zoom in (10, 13, 16):
        picks = rng.integers(0, len(data["lon"]), 40)
        paths = [f"/api/v1/cameras/tiles/{zoom}/{cell_x(float(data['lon'][i]), zoom)}/"
                 f"{cell_y(float(data['lat'][i]), zoom)}" for i in picks]
        for kind, suffix in (("GeoJSON", ""), ("MVT", ".mvt")):
            cpu, _wall, size = cpu_per_request(client, [p + suffix for p in paths])
            zipped = statistics.mean(len(gzip.compress(client.get(p + suffix).get_data(), 5))
                                     for p in paths[:10])
            print(f"  z{zoom} {kind:8} CPU {cpu:6.2f} ms/tile, {size / 1024:7.1f} KB raw, "
                  f"{zipped / 1024:6.1f} KB gzipped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cameras", type=int, default=200_000)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1/cm_viewport_bench")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma-separated: cpu,wrk,tiles")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    data = with_dense(scale_data.generate(args.cameras))
    classes = views(data)
    for backend in args.backends.split(","):
        print(f"\n== {backend}, {len(data['lon'])} synthetic cameras ==  ({load()})")
        url = prepare(backend, args.cameras, args.postgres_url)
        if "cpu" not in skip:
            in_process(url, classes)
        if "wrk" not in skip:
            under_wrk(url, data, args.wrk_seconds, args.rounds)
        if "tiles" not in skip:
            tiles(url, data)


if __name__ == "__main__":
    main()
