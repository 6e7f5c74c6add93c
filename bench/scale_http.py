"""HTTP side of the scale benchmark: servers (ours under gunicorn, pygeoapi), viewport URLs, latency, wrk."""

from __future__ import annotations

import http.client
import math
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PYGEOAPI_VENV = Path(os.environ.get("PYGEOAPI_VENV", "/work/venv-pygeoapi"))
PYGEOAPI_PACKAGES = ("pygeoapi", "psycopg2-binary", "geoalchemy2", "gunicorn")
VIEW_W, VIEW_H = 1280, 800
STATUSES = "reported,verified,disputed,removed"


PIDS: dict[int, int] = {}  # port -> the server's (master) process


def last_pid(port: int) -> int:
    return PIDS[port]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not answer {path}")


@contextmanager
def serve(command: list[str], env: dict[str, str], port: int, probe: str):
    log = open(tempfile.mkstemp(suffix=".log")[1], "w+")  # noqa: SIM115 (kept open while serving)
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    PIDS[port] = process.pid
    try:
        _wait(port, probe)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def ours(database_url: str, workers: int = 2, probe: str = "/api/v1/cameras?limit=1"):
    port = free_port()
    env = {
        "CAMERAMAP_DATABASE_URL": database_url,
        "CAMERAMAP_AUTO_MIGRATE": "0",
        "CAMERAMAP_SECRET_KEY": "bench-secret",
        "CAMERAMAP_TILE_URL": "/static/no-tiles/{z}/{x}/{y}.png",
    }
    command = [
        str(Path(sys.executable).with_name("cameramap")),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        "4",
    ]
    return serve(command, env, port, probe)


def ensure_pygeoapi() -> Path:
    """The separate venv holding pygeoapi (its dependencies differ from ours), created if missing."""
    if not (PYGEOAPI_VENV / "bin" / "pygeoapi").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PYGEOAPI_VENV)], check=True)
        subprocess.run(
            [str(PYGEOAPI_VENV / "bin" / "pip"), "install", "-q", *PYGEOAPI_PACKAGES],
            check=True,
        )
    return PYGEOAPI_VENV


PYGEOAPI_CONFIG = """server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {{default_items: 100, max_items: 1000}}
  map: {{url: 'https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png', attribution: OSM}}
logging: {{level: ERROR}}
metadata:
  identification: {{title: cameras, description: bench, keywords: [bench], keywords_type: theme,
                    terms_of_service: none, url: 'http://127.0.0.1'}}
  license: {{name: none, url: 'http://127.0.0.1'}}
  provider: {{name: bench, url: 'http://127.0.0.1'}}
  contact: {{name: bench}}
resources:
  cameras:
    type: collection
    title: cameras
    description: the same table cameramap serves
    keywords: [cameras]
    extents: {{spatial: {{bbox: [-180, -90, 180, 90], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'}}}}
    links: []
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: {host}, port: {pgport}, dbname: {dbname}, user: {user}, search_path: [public]}}
        id_field: id
        table: cameras_pygeoapi
        geom_field: geom
"""


def pygeoapi(database_url: str, workers: int = 2):
    from sqlalchemy.engine import make_url

    venv = ensure_pygeoapi()
    url = make_url(database_url)
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="pygeoapi-"))
    config = workdir / "config.yml"
    config.write_text(
        PYGEOAPI_CONFIG.format(
            port=port,
            host=url.host or "127.0.0.1",
            pgport=url.port or 5432,
            dbname=url.database,
            user=url.username or "postgres",
        )
    )
    openapi = workdir / "openapi.yml"
    env = {"PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    subprocess.run(
        [str(venv / "bin" / "pygeoapi"), "openapi", "generate", str(config), "--output-file", str(openapi)],
        check=True,
        env={**os.environ, **env},
        capture_output=True,
    )
    command = [
        str(venv / "bin" / "gunicorn"),
        "-w",
        str(workers),
        "--threads",
        "4",
        "-b",
        f"127.0.0.1:{port}",
        "pygeoapi.flask_app:APP",
    ]
    return serve(command, env, port, "/collections/cameras/items?limit=1")


# ---------- viewports ----------


def _tile_box(lon: float, lat: float, zoom: int) -> list[float]:
    """A 1280x800 view centred on (lon, lat), snapped outward to whole tiles as map.js does."""
    n = 2**zoom
    px = (lon + 180) / 360 * n * 256
    phi = math.radians(lat)
    py = (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2 * n * 256
    x0, x1 = int((px - VIEW_W / 2) // 256), int((px + VIEW_W / 2) // 256)
    y0, y1 = int((py - VIEW_H / 2) // 256), int((py + VIEW_H / 2) // 256)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, n - 1), min(y1, n - 1)

    def lat_of(y):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))

    return [x0 / n * 360 - 180, lat_of(y1 + 1), (x1 + 1) / n * 360 - 180, lat_of(y0)]


def viewports(data: dict[str, np.ndarray], zoom: int, count: int, seed: int) -> list[list[float]]:
    """Views centred on random cameras: where people look is where the cameras are."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(data["lon"]), count)
    return [_tile_box(float(data["lon"][i]), float(data["lat"][i]), zoom) for i in picks]


def our_path(box: list[float], zoom: int) -> str:
    query = {
        "bbox": ",".join(repr(v) for v in box),
        "zoom": zoom,
        "brief": 1,
        "limit": 1000,
        "status": STATUSES,
    }
    return "/api/v1/cameras?" + urlencode(query)


def pygeoapi_path(box: list[float], zoom: int) -> str:
    return "/collections/cameras/items?" + urlencode(
        {"bbox": ",".join(repr(v) for v in box), "limit": 1000, "f": "json"}
    )


def latencies(port: int, paths: list[str], warmup: int = 20) -> dict[str, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times, sizes = [], []
    for i, path in enumerate(paths):
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}: {body[:200]!r}")
        if i >= warmup:
            times.append(elapsed)
            sizes.append(len(body))
    times.sort()
    return {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "kb": statistics.mean(sizes) / 1024,
    }


WRK_SCRIPT = """math.randomseed(os.time())
local paths = {%s}
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
"""


def wrk(port: int, paths: list[str], seconds: int) -> dict[str, float]:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % ",".join(f'"{p}"' for p in paths))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", out)
    return {
        "rps": rate,
        "errors": int(errors.group(1)) if errors else 0,
        "p50": f"{p50.group(1)}{p50.group(2)}" if p50 else "?",
        "p99": f"{p99.group(1)}{p99.group(2)}" if p99 else "?",
    }
