"""Benchmark: our vector tiles beside tipg's (a peer MVT server) over the same PostGIS cameras table.

    python bench/mvt_peer.py [--cameras 1000000] [--tipg-venv /work/venv-tipg]
                             [--postgres-url postgresql://postgres@127.0.0.1/cm_viewport_bench]

The database is bench/viewport.py's (load it first: viewport.py --backends postgresql --skip cpu,wrk,tiles).
tipg runs from its own venv (python -m venv /work/venv-tipg; /work/venv-tipg/bin/pip install tipg uvicorn).
Like for like: z16 tiles centred on cameras where our tile holds every camera as a point (no clusters),
so both encode the same points; tipg is asked for id, status and camera_type. Ours (cameramap serve)
and tipg (uvicorn) run 2 workers each; alternating blocks of the same tiles, 3 each. Separate
processes: wall p50/p90 per tile and bytes, with the load average. Asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import time
from collections.abc import Callable

import numpy as np
import scale_data
import scale_http

from cameramap.storage.grid import cell_x, cell_y

Tile = tuple[int, int, int]


def get(port: int, path: str) -> tuple[int, bytes, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return response.status, body, (time.perf_counter() - started) * 1000


def ours_path(t: Tile) -> str:
    return f"/api/v1/cameras/tiles/{t[0]}/{t[1]}/{t[2]}.mvt"


def tipg_path(t: Tile) -> str:
    return (f"/collections/public.cameras/tiles/WebMercatorQuad/{t[0]}/{t[1]}/{t[2]}"
            "?properties=id,status,camera_type")


def tipg_server(url: str, venv: str) -> tuple[subprocess.Popen, int]:
    port = scale_http.free_port()
    env = {**os.environ, "DATABASE_URL": url, "TIPG_DB_SCHEMAS": '["public"]',
           "TIPG_DB_TABLES": '["public.cameras"]', "TIPG_MAX_FEATURES_PER_TILE": "10000"}
    server = subprocess.Popen([f"{venv}/bin/uvicorn", "tipg.main:app", "--port", str(port), "--workers", "2",
                               "--log-level", "warning"], env=env)
    for _ in range(120):
        try:
            if get(port, "/collections")[0] == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("tipg did not start")


def whole_tiles(port: int, data, count: int) -> list[Tile]:
    """z16 tiles centred on cameras that our answer gives whole, as points."""
    rng = np.random.default_rng(21)
    found = []
    for i in rng.integers(0, len(data["lon"]), count * 2):
        tile = (16, cell_x(float(data["lon"][i]), 16), cell_y(float(data["lat"][i]), 16))
        if not json.loads(get(port, f"/api/v1/cameras/tiles/{tile[0]}/{tile[1]}/{tile[2]}")[1])["clustered"]:
            found.append(tile)
    return found[:count]


def compare(ports: dict[str, int], makers: dict[str, Callable[[Tile], str]], tiles: list[Tile]) -> None:
    for tile in tiles[:10]:  # warm up, unmeasured
        for name, port in ports.items():
            get(port, makers[name](tile))
    walls: dict[str, list[float]] = {name: [] for name in ports}
    sizes: dict[str, list[int]] = {name: [] for name in ports}
    for _block in range(3):
        for name, port in ports.items():
            for tile in tiles:
                status, body, ms = get(port, makers[name](tile))
                assert status in (200, 204), (name, status, body[:200])
                walls[name].append(ms)
                sizes[name].append(len(body))
    for name, values in walls.items():
        ordered = sorted(values)
        print(f"  {name}: {len(tiles)} z16 tiles x 3 blocks, p50 {statistics.median(ordered):.1f} ms, "
              f"p90 {ordered[int(len(ordered) * 0.9)]:.1f} ms, "
              f"{statistics.mean(sizes[name]) / 1024:.1f} KB/tile "
              f"(load average {os.getloadavg()[0]:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cameras", type=int, default=1_000_000)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1/cm_viewport_bench")
    parser.add_argument("--tipg-venv", default="/work/venv-tipg")
    args = parser.parse_args()
    data = scale_data.generate(args.cameras)
    tipg, tipg_port = tipg_server(args.postgres_url, args.tipg_venv)
    try:
        with scale_http.ours(args.postgres_url) as ours_port:
            tiles = whole_tiles(ours_port, data, 100)
            compare({"ours": ours_port, "tipg": tipg_port}, {"ours": ours_path, "tipg": tipg_path}, tiles)
    finally:
        tipg.terminate()
        tipg.wait()


if __name__ == "__main__":
    main()
