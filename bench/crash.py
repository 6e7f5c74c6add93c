"""Crash safety: SIGKILL the server during a stream of submissions, and `cameramap import` mid-file.

    python bench/crash.py [--database-url URL] [--kills 200] [--import-kills 200] [--rows 20000]

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
from contextlib import contextmanager, suppress
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


ZYGOTE = """
import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
from cameramap import create_app
from cameramap.extensions import db
app = create_app()
with app.app_context():
    db.engine.dispose()
print("ready", flush=True)
import json
from cameramap.cli import main
for line in sys.stdin:
    command = json.loads(line)
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        if command[0] == "serve":
            import waitress
            waitress.serve(app, host="127.0.0.1", port=command[1], threads=4, ident="cameramap")
        else:
            sys.stdout = sys.stderr
            try:
                main(command, standalone_mode=False)
            except BaseException as err:
                print("import failed:", repr(err), file=sys.stderr, flush=True)
                os._exit(1)
        os._exit(0)
    print(pid, flush=True)
"""


class Server:
    """The app served by waitress in a process forked from a pre-loaded parent (so a restart takes
    milliseconds, not the seconds of importing the stack); `kill` sends that process SIGKILL."""

    def __init__(self, env: dict[str, str], log: Path):
        self.log = log.open("ab")
        self.port = free_port()
        self.zygote = subprocess.Popen([sys.executable, "-c", ZYGOTE], env=env, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=self.log, text=True, cwd=ROOT)
        if self.zygote.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the server parent did not start; see {log}")
        self.pid: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fork(self, command: list) -> int:
        """Run `serve` or a CLI command (e.g. import) in a forked child; returns its pid."""
        self.zygote.stdin.write(json.dumps(command) + "\n")
        self.zygote.stdin.flush()
        return int(self.zygote.stdout.readline())

    def start(self, timeout: float = 30) -> None:
        self.pid = self.fork(["serve", self.port])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/v1/challenge", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.01)
        raise RuntimeError(f"the server did not answer within {timeout} s")

    def kill(self) -> None:
        if self.pid is not None:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            while _alive(self.pid):
                time.sleep(0.005)
            self.pid = None

    def close(self) -> None:
        self.kill()
        self.zygote.stdin.close()
        self.zygote.wait(timeout=10)
        self.log.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


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
            lat, lon = 59.5 + (i % 700) * 0.001, 23.5 + (i // 700) * 0.001
            writer.writerow([f"cam-{i}", f"{lat:.6f}", f"{lon:.6f}", f"Operator {i % 7}",
                             "dome" if i % 3 else "fixed", f"row {i}"])


def import_arguments(path: Path, batch_size: int) -> list[str]:
    return ["import", str(path), "--source", SOURCE, "--licence", "CC0-1.0", "--batch-size", str(batch_size),
            "--conflate-distance", "0"]


def crash_import(server: Server, env: dict[str, str], workdir: Path, kills: int, rows: int, batch_size: int,
                 rng: random.Random) -> dict[str, float]:
    """Kill `cameramap import` at random moments, re-running it each time; then let it finish."""
    path = workdir / "cameras.csv"
    write_csv(path, rows)
    arguments = import_arguments(path, batch_size)
    started = time.perf_counter()
    pid = server.fork(arguments)  # one undisturbed run measures how long a whole import takes
    while _alive(pid):
        time.sleep(0.01)
    whole = time.perf_counter() - started
    engine = create_engine(env["CAMERAMAP_DATABASE_URL"])
    wipe_import(engine)
    killed = completions = partial = 0
    for _ in range(kills):
        pid = server.fork(arguments)
        deadline = time.monotonic() + rng.uniform(0.0, whole)
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.002)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            killed += 1
            while _alive(pid):
                time.sleep(0.002)
            partial += 0 < stored_rows(engine) < rows  # committed batches stay; the re-run resumes
            continue
        completions += 1  # it finished (resuming earlier killed runs): check it, then start over
        stored = stored_rows(engine)
        if stored != rows:
            raise RuntimeError(f"a completed import run left {stored} of {rows} rows")
        wipe_import(engine)
    engine.dispose()
    final = subprocess.run([CLI, *arguments], env=env, capture_output=True, text=True, cwd=ROOT)
    if final.returncode != 0:
        raise RuntimeError(f"the final import failed: {final.stderr[-2000:]}")
    return {"import_seconds_whole_file": round(whole, 2), "import_kills_mid_file": killed,
            "import_kills_leaving_part_of_the_file": partial, "import_completions_checked": completions,
            "import_seconds": round(time.perf_counter() - started, 1)}


def stored_rows(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(STORED), {"n": SOURCE}).scalar() or 0)


def wipe_import(engine) -> None:
    """Delete the imported cameras (with their revisions, claims, provenance), to import from nothing."""
    with engine.begin() as conn:
        ids = "SELECT p.camera_id FROM provenance p JOIN sources s ON s.id = p.source_id WHERE s.name = :n"
        for table in ("capability_claims", "revisions"):
            conn.execute(text(f"DELETE FROM {table} WHERE camera_id IN ({ids})"), {"n": SOURCE})
        conn.execute(text(f"CREATE TEMPORARY TABLE gone AS {ids}"), {"n": SOURCE})
        conn.execute(text("DELETE FROM provenance WHERE camera_id IN (SELECT camera_id FROM gone)"))
        conn.execute(text("DELETE FROM cameras WHERE id IN (SELECT camera_id FROM gone)"))
        conn.execute(text("DROP TABLE gone"))


STORED = "SELECT count(*) FROM provenance p JOIN sources s ON s.id = p.source_id WHERE s.name = :n"
CHECKS = {
    "cameras_without_revision": "SELECT count(*) FROM cameras c WHERE NOT EXISTS "
                                "(SELECT 1 FROM revisions r WHERE r.camera_id = c.id)",
    "provenance_without_camera": "SELECT count(*) FROM provenance p LEFT JOIN cameras c "
                                 "ON c.id = p.camera_id WHERE c.id IS NULL",
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
            query = text("SELECT notes FROM submissions WHERE notes LIKE 'crash %'")
            notes = [n for (n,) in conn.execute(query)]
            stored = {n.removeprefix("crash ") for n in notes}
            found["acknowledged"] = len(stream.acked)
            found["lost"] = len(set(stream.acked) - stored)
            found["duplicates"] = len(notes) - len(stored)
            found["client_errors"] = len(stream.errors)
        if rows is not None:
            found["import_rows_expected"] = rows
            found["import_rows_stored"] = conn.execute(text(STORED), {"n": SOURCE}).scalar()
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


def run(database_url: str | None, kills: int, import_kills: int, rows: int, batch_size: int, seed: int,
        workdir: Path) -> dict[str, object]:
    rng = random.Random(seed)
    with fresh_database(database_url, workdir) as url:
        env = environment(url, workdir)
        migrate(env)
        started = time.perf_counter()
        server = Server(env, workdir / "server.log")
        stream = crash_submissions(server, kills, rng) if kills else None
        figures: dict[str, object] = {"server_kills": kills, "submission_seconds":
                                      round(time.perf_counter() - started, 1)}
        if stream is not None:
            figures |= {"attempts": stream.attempts, "retries": stream.retries}
        if import_kills:
            figures["import_kills"] = import_kills
            figures |= crash_import(server, env, workdir, import_kills, rows, batch_size, rng)
        server.close()
        figures |= verify(url, stream, rows if import_kills else None)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL of a scratch database (re-created)")
    parser.add_argument("--kills", type=int, default=200, help="server kills during submissions")
    parser.add_argument("--import-kills", type=int, default=200, help="kills of `cameramap import`")
    parser.add_argument("--rows", type=int, default=20000, help="rows in the imported CSV")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cameramap-crash-") as tmp:
        figures = run(args.database_url, args.kills, args.import_kills, args.rows, args.batch_size,
                      args.seed, Path(tmp))
    for name, value in figures.items():
        print(f"{name:32} {value}")
    bad = problems(figures)
    print("RESULT", "FAIL: " + "; ".join(bad) if bad else "OK")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
