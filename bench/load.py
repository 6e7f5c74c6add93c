"""Load: the API and map endpoints at a constant request rate, while submissions arrive.

    python bench/load.py [--database-url URL] [--rates 50,100,200,400] [--duration 120] [--quick]

Starts `cameramap serve --workers 2` (gunicorn, gthread) over a fresh database (PostgreSQL/PostGIS with
--database-url, a database that is dropped and re-created; else SQLite) holding the Helsinki demo plus
--cameras synthetic cameras, then for each rate sends reads on an open-loop schedule: request i is due
at t0 + i/rate whatever happened before, and its latency is counted from that due time, so a server
that stalls is charged for the queue it builds (coordinated omission avoided, as wrk2 does; Debian's
wrk has no constant-rate mode). Reads: map page shell, bbox+zoom queries as the map asks them,
camera details, operator list. Meanwhile a second schedule POSTs submissions at --submit-rate per
second with proof of work off (CAMERAMAP_PROOF_OF_WORK=off) and the rate limits raised: it measures
the write path, not abuse protection. The load generator is asyncio over raw keep-alive
connections on the same machine, so it competes with the server for CPU (the load average is printed).

A rate holds when read p99 <= 300 ms, submission p99 <= 500 ms and no request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crash import CLI, ROOT, environment, free_port, fresh_database, migrate, write_csv  # noqa: E402

HELSINKI = (24.80, 60.10, 25.10, 60.25)
READ_P99_MS, SUBMIT_P99_MS = 300.0, 500.0


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def summary(self) -> dict[str, float]:
        values = sorted(self.latencies)
        if not values:
            return {"n": 0, "errors": sum(self.errors.values())}

        def pct(p: float) -> float:
            return round(values[min(len(values) - 1, int(p * len(values)))] * 1000, 1)
        return {"n": len(values), "errors": sum(self.errors.values()), "p50_ms": pct(0.50),
                "p90_ms": pct(0.90), "p99_ms": pct(0.99), "max_ms": round(values[-1] * 1000, 1),
                "mean_ms": round(statistics.fmean(values) * 1000, 1)}


class Pool:
    """Keep-alive HTTP/1.1 connections to one server; a request takes a free one or opens another."""

    def __init__(self, port: int):
        self.port = port
        self.free: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def request(self, method: str, path: str, body: bytes = b"", headers: str = "") -> int:
        if self.free:  # a kept-alive connection the server may have closed meanwhile: then a new one
            try:
                return await self.exchange(self.free.pop(), method, path, body, headers)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
        connection = await asyncio.open_connection("127.0.0.1", self.port)
        return await self.exchange(connection, method, path, body, headers)

    async def exchange(self, connection, method: str, path: str, body: bytes, headers: str) -> int:
        reader, writer = connection
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: */*\r\n{headers}"
                f"Content-Length: {len(body)}\r\n\r\n")
        writer.write(head.encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            writer.close()
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            while (size := int((await reader.readline()).split(b";")[0], 16)) > 0:
                await reader.readexactly(size + 2)
            await reader.readline()
        else:
            await reader.readexactly(length)
        if close:
            writer.close()
        else:
            self.free.append((reader, writer))
        return status


def read_paths(rng: random.Random, camera_ids: list[int], count: int) -> list[str]:
    """The mix a map user causes: views (bbox + zoom), camera details, pages."""
    paths = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.55:
            zoom = rng.choice([12, 13, 14, 15, 16])
            span = 360 / 2 ** zoom * 3
            lon = rng.uniform(HELSINKI[0], HELSINKI[2])
            lat = rng.uniform(HELSINKI[1], HELSINKI[3])
            paths.append(f"/api/v1/cameras?bbox={lon:.5f},{lat:.5f},{lon + span:.5f},{lat + span / 2:.5f}"
                         f"&zoom={zoom}&limit=1000")
        elif roll < 0.85:
            paths.append(f"/api/v1/cameras/{rng.choice(camera_ids)}")
        elif roll < 0.95:
            paths.append("/")
        else:
            paths.append("/api/v1/operators")
    return paths


async def fire(pool: Pool, results: Results, due: float, method: str, path: str, body: bytes,
               headers: str, ok: tuple[int, ...]) -> None:
    try:
        status = await asyncio.wait_for(pool.request(method, path, body, headers), timeout=30)
    except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError) as err:
        results.error(type(err).__name__)
        return
    if status not in ok:
        results.error(f"HTTP {status}")
    results.latencies.append(time.perf_counter() - due)  # from when it was due: no coordinated omission


async def schedule(port: int, rate: float, duration: float, make, results: Results, ok: tuple[int, ...]):
    pool, tasks, start = Pool(port), [], time.perf_counter() + 0.05
    total = int(rate * duration)
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        method, path, body, headers = make(i)
        tasks.append(asyncio.create_task(fire(pool, results, due, method, path, body, headers, ok)))
    await asyncio.gather(*tasks)


def submission(i: int) -> tuple[str, str, bytes, str]:
    body = json.dumps({"lat": 60.15 + (i % 300) * 1e-4, "lon": 24.9 + (i // 300) * 1e-4,
                       "notes": f"load test {i}", "camera_type": "dome"}).encode()
    return "POST", "/api/v1/submissions", body, "Content-Type: application/json\r\n"


async def step(port: int, rate: float, duration: float, submit_rate: float, paths: list[str]):
    reads, writes = Results(), Results()
    await asyncio.gather(
        schedule(port, rate, duration, lambda i: ("GET", paths[i % len(paths)], b"", ""), reads, (200,)),
        schedule(port, submit_rate, duration, submission, writes, (201,)),
    )
    return reads.summary() | {"error_kinds": reads.errors}, writes.summary() | {"error_kinds": writes.errors}


def start_server(env: dict[str, str], port: int, workers: int, log: Path):
    import subprocess

    command = [CLI, "serve", "--port", str(port), "--workers", str(workers), "--threads", "8"]
    process = subprocess.Popen(command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, cwd=ROOT,
                               start_new_session=True)
    import urllib.request

    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/cameras?limit=1", timeout=2):
                return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not start; see {log}")


def prepare(env: dict[str, str], workdir: Path, cameras: int) -> list[int]:
    import subprocess

    from sqlalchemy import create_engine, text

    subprocess.run([CLI, "demo"], env=env, check=True, capture_output=True, cwd=ROOT)
    if cameras:
        path = workdir / "synthetic.csv"
        write_csv(path, cameras)
        subprocess.run([CLI, "import", str(path), "--source", "synthetic load data", "--licence", "CC0-1.0",
                        "--conflate-distance", "0"], env=env, check=True, capture_output=True, cwd=ROOT)
    engine = create_engine(env["CAMERAMAP_DATABASE_URL"])
    with engine.connect() as conn:
        ids = [i for (i,) in conn.execute(text("SELECT id FROM cameras ORDER BY id"))]
    engine.dispose()
    return ids


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server and drop the database
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL of a scratch database (re-created)")
    parser.add_argument("--rates", default="50,100,200,400", help="read requests per second, in steps")
    parser.add_argument("--duration", type=float, default=120, help="seconds per step")
    parser.add_argument("--submit-rate", type=float, default=5, help="submissions per second during reads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cameras", type=int, default=20000, help="synthetic cameras added to the demo")
    parser.add_argument("--quick", action="store_true", help="a check: 10 s steps at 20 and 50 req/s")
    args = parser.parse_args()
    rates = [20.0, 50.0] if args.quick else [float(r) for r in args.rates.split(",")]
    duration = 10.0 if args.quick else args.duration
    with tempfile.TemporaryDirectory(prefix="cameramap-load-") as tmp, \
            fresh_database(args.database_url, Path(tmp)) as url:
        workdir = Path(tmp)
        env = environment(url, workdir)
        migrate(env)
        ids = prepare(env, workdir, 2000 if args.quick else args.cameras)
        port = free_port()
        server = start_server(env, port, args.workers, workdir / "server.log")
        paths = read_paths(random.Random(1), ids, 20000)
        held = None
        try:
            print(f"backend {url.split(':')[0]}, {len(ids)} cameras, {args.workers} gunicorn workers, "
                  f"{duration:.0f} s per step, submissions {args.submit_rate}/s, "
                  f"load average before: {os.getloadavg()[0]:.2f}")
            asyncio.run(step(port, rates[0] / 2, 5, args.submit_rate, paths))  # warm-up, not counted
            for rate in rates:
                reads, writes = asyncio.run(step(port, rate, duration, args.submit_rate, paths))
                good = (reads["errors"] == 0 and writes["errors"] == 0
                        and reads.get("p99_ms", 1e9) <= READ_P99_MS
                        and writes.get("p99_ms", 1e9) <= SUBMIT_P99_MS)
                held = rate if good else held
                print(f"rate {rate:6.0f}/s  reads {reads}  submissions {writes}  "
                      f"load {os.getloadavg()[0]:.2f}  {'HELD' if good else 'NOT HELD'}", flush=True)
        finally:
            server.kill()
            server.wait()
        print(f"RESULT highest rate held: {held if held is not None else 'none'} req/s "
              f"(read p99 <= {READ_P99_MS:.0f} ms, submission p99 <= {SUBMIT_P99_MS:.0f} ms, no errors)")


if __name__ == "__main__":
    main()
