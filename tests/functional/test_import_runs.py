"""An import killed mid-run leaves no run "running" for ever: the next import (or serve, or
`import --runs`) marks it interrupted, and `cameramap import --runs` shows it."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select, text

from cameramap.cli import main
from cameramap.domain.records import SourceSpec
from cameramap.services.imports.runs import INTERRUPTED_AFTER, mark_interrupted, this_runner
from cameramap.services.imports.store import import_records
from cameramap.storage.imports import ImportRun
from cameramap.storage.models import utcnow
from tests.databases import fresh_database
from tests.factories import camera_record

CLI = str(Path(sys.executable).with_name("cameramap"))
SPEC = SourceSpec(name="Runs test", kind="open_data", licence="CC0-1.0")


def _running(session, runner: str, silent_for: timedelta) -> ImportRun:
    import_records(session, SPEC, [camera_record()])  # makes the source
    (run,) = session.scalars(select(ImportRun)).all()
    run.status, run.runner, run.finished_at = "running", runner, None
    run.alive_at = run.started_at = utcnow() - silent_for
    session.flush()
    return run


def test_a_silent_run_is_marked_interrupted_by_the_next_import(session):
    run = _running(session, "another-host:4242", INTERRUPTED_AFTER + timedelta(minutes=1))
    import_records(session, SPEC, [camera_record()], complete=False)  # a second file of the source
    session.refresh(run)
    assert run.status == "interrupted" and run.finished_at is not None


def test_a_run_alive_on_another_host_is_left_running(session):
    run = _running(session, "another-host:4242", timedelta(minutes=1))
    assert mark_interrupted(session) == 0
    session.refresh(run)
    assert run.status == "running"


def test_a_run_whose_process_is_gone_on_this_host_is_interrupted_at_once(session):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    host = this_runner().rpartition(":")[0]
    run = _running(session, f"{host}:{ended.stdout.strip()}", timedelta(seconds=5))
    assert mark_interrupted(session) == 1
    session.refresh(run)
    assert run.status == "interrupted"


def test_runs_listing_shows_the_interrupted_run(app, session):
    _running(session, "another-host:4242", INTERRUPTED_AFTER * 2)
    session.commit()
    result = CliRunner().invoke(main, ["import", "--runs"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split("\t")[:2] == ["run", "status"]
    statuses = [line.split("\t")[1] for line in rows]
    assert statuses[:1] == ["interrupted"] and "Runs test" in result.output


def _rows(path: Path, count: int) -> Path:
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "lon", "lat", "notes"])
        writer.writerows((n, 24.0 + n * 1e-5, 60.0 + n * 1e-5, f"row {n}") for n in range(count))
    return path


def _status(url: str) -> list[str]:
    from cameramap.storage.database import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [row[0] for row in conn.execute(text("SELECT status FROM import_runs ORDER BY id"))]
    finally:
        engine.dispose()


def test_a_killed_import_shows_as_interrupted(tmp_path):
    with fresh_database(tmp_path, "runs") as url:
        env = os.environ | {"CAMERAMAP_DATABASE_URL": url, "CAMERAMAP_SECRET_KEY": "runs-test",
                            "CAMERAMAP_INSTANCE_DIR": str(tmp_path / "instance")}
        subprocess.run([CLI, "db", "upgrade"], env=env, check=True, capture_output=True)
        data = _rows(tmp_path / "cameras.csv", 40_000)
        importer = subprocess.Popen([CLI, "import", str(data), "--batch-size", "200", "--source", "Killed"],
                                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while _status(url) != ["running"] and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # some batches committed
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait()
        assert _status(url) == ["running"]  # what the kill leaves behind
        listing = subprocess.run([CLI, "import", "--runs"], env=env, check=True, capture_output=True,
                                 text=True)
        assert listing.stdout.splitlines()[1].split("\t")[1] == "interrupted", listing.stdout
        assert _status(url) == ["interrupted"]
