"""Benchmark: the map and the API at country scale (1,000,000 synthetic cameras plus the real data).

    python bench/scale.py [--cameras 1000000] [--backends sqlite,postgresql]
                          [--postgres-url postgresql://postgres@127.0.0.1/cm_scale_bench] [--wrk-seconds 20]

For each backend: a fresh database, the real data through the importer (Helsinki demo, Swiss OSM),
then the synthetic cameras bulk-loaded (source "SYNTHETIC load-test data": load only, never real
data); then, with `cameramap serve --workers 2` (gunicorn):
- API latency p50/p95 of random viewport queries (1280x800 views snapped to tiles, as the map asks)
  at zooms 8, 12 and 16, warm (after a warm-up), one request at a time;
- throughput under wrk (2 threads, 8 connections, loopback) over a mix of those viewports;
- on PostgreSQL, the same viewports against pygeoapi (its PostgreSQL provider over a view of the same
  table, 2 gunicorn workers, venv /work/venv-pygeoapi created if missing): latency, throughput, ratio;
- in headless Chromium: time from navigation to the first cameras drawn, time from a pan to the new
  cameras drawn, and the map page's HTML size (static assets excluded).
Prints figures; asserts nothing. The load average is printed: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import scale_browser
import scale_data
import scale_http
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cameramap.storage.database import make_engine, upgrade

ZOOMS = (8, 12, 16)
TARGETS = (
    "targets: p50 <= 10 ms, p95 <= 30 ms; >= 10x pygeoapi; first cameras <= 1000 ms; pan <= 300 ms; "
    "HTML < 100 KB"
)


def load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def fresh(backend: str, pg_url: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='cm-scale-')) / 'scale.sqlite3'}"
    url = make_url(pg_url)
    admin = make_engine(
        url.set(database="postgres").render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return pg_url


def prepare(backend: str, pg_url: str, data) -> str:
    url = fresh(backend, pg_url)
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        started = time.perf_counter()
        real = scale_data.load_real(session)
        print(f"  real data through the importer: {real} cameras in {time.perf_counter() - started:.1f} s")
        seconds = scale_data.bulk_load(session, data)
        total = session.scalar(text("SELECT count(*) FROM cameras"))
        cells = session.scalar(text("SELECT count(*) FROM camera_cells"))
        print(
            f"  synthetic bulk load + cluster index rebuild: {seconds:.1f} s; {total} cameras, "
            f"{cells} cell rows"
        )
        if backend == "postgresql":
            session.execute(
                text(
                    "CREATE OR REPLACE VIEW cameras_pygeoapi AS "
                    "SELECT id, status, camera_type, geom FROM cameras"
                )
            )
            session.commit()
    engine.dispose()
    return url


def measure_api(port: int, data, make_path, samples: int, seed: int) -> dict[int, dict[str, float]]:
    return {
        zoom: scale_http.latencies(
            port,
            [make_path(box, zoom) for box in scale_http.viewports(data, zoom, samples + 20, seed + zoom)],
        )
        for zoom in ZOOMS
    }


def in_process(url: str, data, samples: int, seed: int) -> dict[int, tuple[float, float]]:
    """The same queries through the app in this process: median wall and CPU milliseconds per query.
    CPU time hardly depends on how busy the shared machine is (for SQLite it includes the database's
    work; for PostgreSQL the server's own share is not counted)."""
    import statistics

    from cameramap import create_app

    app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False, "SECRET_KEY": "bench"})
    client = app.test_client()
    figures = {}
    for zoom in ZOOMS:
        boxes = scale_http.viewports(data, zoom, samples, seed + zoom)
        paths = [scale_http.our_path(box, zoom) for box in boxes]
        walls, cpus = [], []
        for path in paths:
            wall, cpu = time.perf_counter(), time.process_time()
            assert client.get(path).status_code == 200
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        figures[zoom] = (statistics.median(walls), statistics.median(cpus))
    return figures


def mixed_paths(data, make_path, seed: int) -> list[str]:
    return [
        make_path(box, zoom) for zoom in ZOOMS for box in scale_http.viewports(data, zoom, 100, seed + zoom)
    ]


def print_latency(name: str, figures: dict[int, dict[str, float]]) -> None:
    for zoom, f in figures.items():
        print(
            f"  {name} z{zoom:<2} p50 {f['p50']:7.1f} ms  p95 {f['p95']:7.1f} ms  "
            f"(n={f['n']}, mean answer {f['kb']:.0f} KB)"
        )


def run_backend(backend: str, args, data) -> None:
    print(f"\n== {backend} ==  ({load()})")
    url = prepare(backend, args.postgres_url, data)
    moscow = (37.62, 55.75)
    with scale_http.ours(url) as port:
        ours = measure_api(port, data, scale_http.our_path, args.samples, 11)
        print_latency("cameramap", ours)
        for zoom, (wall, cpu) in in_process(url, data, 100, 11).items():
            print(f"  in-process z{zoom:<2} median wall {wall:6.1f} ms, CPU {cpu:6.1f} ms per query")
        print(f"  ({load()})")
        ours_wrk = scale_http.wrk(port, mixed_paths(data, scale_http.our_path, 99), args.wrk_seconds)
        print(
            f"  cameramap under wrk ({args.wrk_seconds} s, 2 gunicorn workers): {ours_wrk['rps']:.0f} req/s, "
            f"median {ours_wrk['p50']}, non-2xx {ours_wrk['errors']}  ({load()})"
        )
        print(f"  map page HTML: {scale_browser.page_size(port) / 1024:.1f} KB (without static assets)")
        if not args.skip_browser:
            for zoom, f in scale_browser.timings(port, moscow).items():
                print(
                    f"  browser {zoom}: first cameras drawn {f['first_drawn_ms']} ms after navigation "
                    f"({f['features']} features, clustered={f['clustered']}, {f['cameras']} cameras); "
                    f"pan redraw median {f['pan_median_ms']} ms, max {f['pan_max_ms']} ms"
                )
    if backend == "postgresql" and not args.skip_pygeoapi:
        compare_pygeoapi(url, data, args)


PYGEOAPI_FOOTNOTE = """  * What the pygeoapi rows compare: our map views (the pre-built cluster index:
    at z8/z12 clusters, at most `limit` points otherwise) against pygeoapi's generic OGC API -
    Features paging over the same table: it returns the first 1,000 features of up to ~200,000
    matches (many times our features; the KB above are each answer's size) and runs an exact
    count() per request. Not like for like: the (a) rows are.
  (a) z16 views where both return every camera: the same tile-aligned bbox, no clustering on our side
      (numberMatched <= 1000), pygeoapi limit=1000 (so it returns every match too).
  (b) vector tiles: not compared here (pygeoapi's PostgreSQL provider serves no MVT): bench/mvt_peer.py
      compares ours with tipg's; bench/viewport.py measures our MVT beside our GeoJSON tiles.
  Runs alternate (ours, pygeoapi, ours, ...) with the same number of samples; both 2 gunicorn workers."""


def _every_camera_views(data, port: int, samples: int) -> list[list[float]]:
    """z16 views (tile-aligned) that our answer gives whole as points: like-for-like with paging."""
    import http.client
    import json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    boxes = []
    for box in scale_http.viewports(data, 16, samples * 3, 7):
        conn.request("GET", scale_http.our_path(box, 16))
        answer = json.loads(conn.getresponse().read())
        if not answer["clustered"] and answer["numberMatched"] <= 1000:
            boxes.append(answer["bbox"])
        if len(boxes) == samples:
            break
    return boxes


def compare_pygeoapi(url: str, data, args) -> None:
    """Ours and pygeoapi side by side, alternating, the same samples each (see PYGEOAPI_FOOTNOTE)."""
    samples = args.samples
    with scale_http.ours(url) as ours_port, scale_http.pygeoapi(url) as their_port:
        for zoom in ZOOMS:
            boxes = scale_http.viewports(data, zoom, samples + 20, 11 + zoom)
            ours = scale_http.latencies(ours_port, [scale_http.our_path(b, zoom) for b in boxes])
            theirs = scale_http.latencies(their_port, [scale_http.pygeoapi_path(b, zoom) for b in boxes])
            print(f"  z{zoom}* p50 ours {ours['p50']:7.1f} ms ({ours['kb']:.0f} KB), pygeoapi "
                  f"{theirs['p50']:7.1f} ms ({theirs['kb']:.0f} KB): {theirs['p50'] / ours['p50']:.1f}x")
        boxes = _every_camera_views(data, ours_port, samples)
        ours = scale_http.latencies(ours_port, [scale_http.our_path(b, 16) for b in boxes], warmup=0)
        theirs = scale_http.latencies(their_port, [scale_http.pygeoapi_path(b, 16) for b in boxes], warmup=0)
        print(f"  (a) z16, every camera: p50 ours {ours['p50']:.1f} ms ({ours['kb']:.1f} KB), pygeoapi "
              f"{theirs['p50']:.1f} ms ({theirs['kb']:.1f} KB) over {len(boxes)} views")
        rates: dict[str, list[float]] = {"ours": [], "pygeoapi": []}
        for _round in range(3):
            for name, port, make in (("ours", ours_port, scale_http.our_path),
                                     ("pygeoapi", their_port, scale_http.pygeoapi_path)):
                rates[name].append(scale_http.wrk(port, mixed_paths(data, make, 99), args.wrk_seconds)["rps"])
        print(f"  wrk* req/s ours {rates['ours']}, pygeoapi {rates['pygeoapi']}  ({load()})")
    print(PYGEOAPI_FOOTNOTE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cameras", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1/cm_scale_bench")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--wrk-seconds", type=int, default=20)
    parser.add_argument("--skip-pygeoapi", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"scale benchmark: {args.cameras} SYNTHETIC cameras + real data; {os.cpu_count()} CPUs; {load()}")
    print(TARGETS)
    data = scale_data.generate(args.cameras)
    for backend in args.backends.split(","):
        run_backend(backend.strip(), args, data)
    print(f"\ntotal {time.perf_counter() - started:.0f} s ({load()})")


if __name__ == "__main__":
    main()
