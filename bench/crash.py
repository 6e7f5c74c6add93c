"""Crash safety: SIGKILL the server during a stream of submissions, and `cameramap import` mid-file.

    python bench/crash.py [--database-url URL] [--kills 200] [--import-kills 200] [--workers 2]

Submissions carry an Idempotency-Key and are retried with the same key after each restart. At the
end: no acknowledged submission is lost, no key made two submissions, the database's integrity check
is clean (SQLite PRAGMA integrity_check; on both: every camera has a revision, every provenance and
claim points at a camera, the spatial index holds every camera), and the import, re-run after each
kill, ends with every row exactly once. Proof of work is switched off for the run
(CAMERAMAP_PROOF_OF_WORK=off) and the rate limits are raised: this measures durability, not abuse
protection. Without --database-url a fresh SQLite file is used; a PostgreSQL URL names a database
that is dropped and re-created.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("cameramap"))
SOURCE = "crash-test import"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(url: str | None, workdir: Path) -> Iterator[str]:
    """A new empty database: a SQLite file in workdir, or the named PostgreSQL database re-created."""
    if not url or url.startswith("sqlite"):
        yield f"sqlite:///{workdir / 'crash.sqlite3'}"
        return
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        admin.dispose()


def environment(database_url: str, workdir: Path) -> dict[str, str]:
    return os.environ | {
        "CAMERAMAP_DATABASE_URL": database_url, "CAMERAMAP_SECRET_KEY": "crash-test",
        "CAMERAMAP_MEDIA_DIR": str(workdir / "media"), "CAMERAMAP_PROOF_OF_WORK": "off",
        "CAMERAMAP_RATE_LIMIT_SUBMIT": "1000000 per hour", "CAMERAMAP_RATE_LIMIT_GLOBAL": "1000000 per hour",
        "PYTHONUNBUFFERED": "1",
    }


def migrate(env: dict[str, str]) -> None:
    subprocess.run([CLI, "db", "upgrade"], env=env, check=True,
                   capture_output=True, cwd=ROOT)


class Server:
    """`cameramap serve` in its own process group, so one SIGKILL takes master and workers down."""

    def __init__(self, env: dict[str, str], workers: int, log: Path):
        self.env, self.workers, self.log = env, workers, log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        command = [CLI, "serve", "--port", str(self.port),
                   "--workers", str(self.workers), "--threads", "4"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/v1/challenge", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited with {self.process.returncode}; see {self.log}")
                time.sleep(0.05)
        raise RuntimeError(f"the server did not answer within {timeout} s; see {self.log}")

    def kill(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.process = None


@dataclass
class Stream:
    """Submissions sent with Idempotency-Keys; `acked` holds every key the server confirmed."""

    url: str
    acked: dict[str, int] = field(default_factory=dict)
    attempts: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def send(self, key: str, number: int) -> int | None:
        body = json.dumps({"lat": 60.1 + (number % 1000) * 1e-4, "lon": 24.9 + (number // 1000) * 1e-4,
                           "notes": f"crash {key}", "operator": "Crash Test Operator"}).encode()
        request = urllib.request.Request(self.url + "/api/v1/submissions", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Idempotency-Key": key})
        self.attempts += 1
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            key, number = str(uuid.uuid4()), number + 1
            while not self.stop.is_set():
                status = self.send(key, number)
                if status == 201:
                    self.acked[key] = number
                    break
                if status is not None and status < 500:
                    self.errors.append(f"key {key}: HTTP {status}")
                    break
                self.retries += 1  # the server is down or died mid-request: same key again
                time.sleep(0.02)
        # the last key in flight may be unacknowledged: it must then be stored at most once


def crash_submissions(server: Server, kills: int, rng: random.Random) -> Stream:
    server.start()
    stream = Stream(server.url)
    thread = threading.Thread(target=stream.run, daemon=True)
    thread.start()
    for _ in range(kills):
        time.sleep(rng.uniform(0.05, 0.6))
        server.kill()
        server.start()
    time.sleep(0.3)
    stream.stop.set()
    thread.join(timeout=30)
    server.kill()
    return stream


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "lat", "lon", "operator", "camera_type", "notes"])
        for i in range(rows):
            writer.writerow([f"cam-{i}", f"{59.5 + (i % 700) * 0.001:.6f}", f"{23.5 + (i // 700) * 0.001:.6f}",
                             f"Operator {i % 7}", "dome" if i % 3 else "fixed", f"row {i}"])


def import_command(path: Path, batch_size: int) -> list[str]:
    return [CLI, "import", str(path), "--source", SOURCE,
            "--licence", "CC0-1.0", "--batch-size", str(batch_size), "--conflate-distance", "0"]


def crash_import(env: dict[str, str], workdir: Path, kills: int, rows: int, batch_size: int,
                 rng: random.Random) -> dict[str, float]:
    """Kill `cameramap import` at random moments, re-running it each time; then let it finish."""
    path = workdir / "cameras.csv"
    write_csv(path, rows)
    completed_early, started = 0, time.perf_counter()
    log = (workdir / "import.log").open("ab")
    for _ in range(kills):
        process = subprocess.Popen(import_command(path, batch_size), env=env, stdout=log, stderr=log, cwd=ROOT,
                                   start_new_session=True)
        try:
            process.wait(timeout=rng.uniform(0.3, 4.0))
            completed_early += 1  # it finished before the kill: the next run re-imports (no changes)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    final = subprocess.run(import_command(path, batch_size), env=env, capture_output=True, text=True, cwd=ROOT)
    log.close()
    if final.returncode != 0:
        raise RuntimeError(f"the final import failed: {final.stderr[-2000:]}")
    return {"import_runs_finished_before_kill": completed_early,
            "import_seconds": round(time.perf_counter() - started, 1)}


CHECKS = {
    "cameras_without_revision": "SELECT count(*) FROM cameras c WHERE NOT EXISTS "
                                "(SELECT 1 FROM revisions r WHERE r.camera_id = c.id)",
    "provenance_without_camera": "SELECT count(*) FROM provenance p LEFT JOIN cameras c ON c.id = p.camera_id "
                                 "WHERE c.id IS NULL",
    "claims_without_camera": "SELECT count(*) FROM capability_claims k LEFT JOIN cameras c "
                             "ON c.id = k.camera_id WHERE k.camera_id IS NOT NULL AND c.id IS NULL",
    "duplicate_source_records": "SELECT count(*) FROM (SELECT source_id, source_record_id FROM provenance "
                                "GROUP BY source_id, source_record_id HAVING count(*) > 1) d",
}


def verify(database_url: str, stream: Stream | None, rows: int | None) -> dict[str, object]:
    engine = create_engine(database_url)
    found: dict[str, object] = {}
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found["integrity_check"] = conn.execute(text("PRAGMA integrity_check")).scalar()
            indexed = conn.execute(text("SELECT count(*) FROM camera_rtree")).scalar()
        else:
            found["integrity_check"] = "ok"  # PostgreSQL: WAL recovery; the queries below check the data
            indexed = conn.execute(text("SELECT count(*) FROM cameras WHERE geom IS NOT NULL")).scalar()
        cameras = conn.execute(text("SELECT count(*) FROM cameras")).scalar()
        found["spatial_index_mismatch"] = abs(int(indexed or 0) - int(cameras or 0))
        for name, query in CHECKS.items():
            found[name] = conn.execute(text(query)).scalar()
        if stream is not None:
            notes = [n for (n,) in conn.execute(text("SELECT notes FROM submissions WHERE notes LIKE 'crash %'"))]
            stored = {n.removeprefix("crash ") for n in notes}
            found["acknowledged"] = len(stream.acked)
            found["lost"] = len(set(stream.acked) - stored)
            found["duplicates"] = len(notes) - len(stored)
            found["client_errors"] = len(stream.errors)
        if rows is not None:
            found["import_rows_expected"] = rows
            found["import_rows_stored"] = conn.execute(text(
                "SELECT count(*) FROM provenance p JOIN sources s ON s.id = p.source_id WHERE s.name = :n"),
                {"n": SOURCE}).scalar()
    engine.dispose()
    return found


def problems(found: dict[str, object]) -> list[str]:
    bad = [f"{k}={v}" for k, v in found.items() if k in CHECKS or k in ("lost", "duplicates", "client_errors",
                                                                         "spatial_index_mismatch") and v]
    bad = [b for b in bad if not b.endswith("=0")]
    if found.get("integrity_check") != "ok":
        bad.append(f"integrity_check={found.get('integrity_check')}")
    if "import_rows_expected" in found and found["import_rows_stored"] != found["import_rows_expected"]:
        bad.append(f"import stored {found['import_rows_stored']} of {found['import_rows_expected']} rows")
    return bad


def run(database_url: str | None, kills: int, import_kills: int, rows: int, batch_size: int, workers: int,
        seed: int, workdir: Path) -> dict[str, object]:
    rng = random.Random(seed)
    with fresh_database(database_url, workdir) as url:
        env = environment(url, workdir)
        migrate(env)
        started = time.perf_counter()
        stream = crash_submissions(Server(env, workers, workdir / "server.log"), kills, rng) if kills else None
        figures: dict[str, object] = {"server_kills": kills, "submission_seconds":
                                      round(time.perf_counter() - started, 1)}
        if stream is not None:
            figures |= {"attempts": stream.attempts, "retries": stream.retries}
        if import_kills:
            figures |= {"import_kills": import_kills} | crash_import(env, workdir, import_kills, rows, batch_size,
                                                                      rng)
        figures |= verify(url, stream, rows if import_kills else None)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL of a scratch database (dropped and re-created)")
    parser.add_argument("--kills", type=int, default=200, help="server kills during submissions")
    parser.add_argument("--import-kills", type=int, default=200, help="kills of `cameramap import`")
    parser.add_argument("--rows", type=int, default=20000, help="rows in the imported CSV")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (1: waitress)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cameramap-crash-") as tmp:
        figures = run(args.database_url, args.kills, args.import_kills, args.rows, args.batch_size, args.workers,
                      args.seed, Path(tmp))
    for name, value in figures.items():
        print(f"{name:32} {value}")
    bad = problems(figures)
    print("RESULT", "FAIL: " + "; ".join(bad) if bad else "OK")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
