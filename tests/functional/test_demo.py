"""The demo (services/demo.py): Helsinki's cameras and the operator files shipped in data/operators/, loaded
as `cameramap operators load` does when no operator is known, inventing no camera and no claim; an app
started with the demo builds its downloads in the background, with no request asking for them."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from cameramap.cli import db as db_commands
from cameramap.cli import main
from cameramap.extensions import db, settings
from cameramap.services.accountability.seed import bundled_operator_files
from cameramap.services.demo import load_demo_operators
from cameramap.services.exports import builds, dumps
from cameramap.storage.exports import ExportBuild
from cameramap.storage.models import Camera, CapabilityClaim, Operator
from cameramap.storage.technology import TechnologyClaim
from tests.databases import app_on_fresh_database

OPERATORS = Path(__file__).resolve().parents[2] / "data" / "operators"
DOCUMENTED = {"Metropolitan Police Service", "South Wales Police",
              "Moscow Department of Information Technologies"}


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def operator_names(session) -> set[str]:
    return set(session.scalars(select(Operator.name)))


def test_the_bundled_operator_files_are_the_shipped_ones():
    assert bundled_operator_files() == [OPERATORS / "london.yaml", OPERATORS / "moscow.yaml"]


def test_the_demo_command_loads_cameras_and_operator_files_once(app, session, monkeypatch):
    monkeypatch.setattr(db_commands, "demo_basemap", lambda: None)  # tested in tests/functional/basemap
    monkeypatch.setattr(db_commands, "demo_streets", lambda _session: None)

    def demo() -> str:
        result = CliRunner().invoke(main, ["demo"], obj=ScriptInfo(create_app=lambda: app))
        assert result.exit_code == 0, result.output
        return result.output

    output = demo()
    assert "created 221" in output
    assert "operator file london.yaml: added 2 operators, 3 vendors and systems" in output
    assert "operator file moscow.yaml: added 1 operator, 3 vendors and systems" in output
    session.expire_all()
    assert operator_names(session) >= DOCUMENTED and count(session, TechnologyClaim) == 7
    # Only the files' claims, about operators as a whole: no camera got one, no camera was added.
    assert count(session, Camera) == 221
    assert count(session, CapabilityClaim, CapabilityClaim.camera_id.is_(None)) == 2
    assert count(session, CapabilityClaim, CapabilityClaim.operator_id.is_not(None),
                 CapabilityClaim.camera_id.is_not(None)) == 0
    before = {model: count(session, model) for model in (Camera, Operator, CapabilityClaim, TechnologyClaim)}
    again = demo()
    assert "no camera loaded" in again and "operator file" not in again
    assert {model: count(session, model) for model in before} == before


def test_the_operator_files_wait_for_an_empty_list_of_operators(session):
    session.add(Operator(name="Helsinki Police Department", kind="police"))
    session.flush()
    assert load_demo_operators(session) == {}
    assert operator_names(session) == {"Helsinki Police Department"}


def test_an_app_started_with_the_demo_builds_its_downloads_unasked(tmp_path):
    with app_on_fresh_database(tmp_path, "demo_start", LOAD_DEMO=True) as (app, _url):
        try:
            with app.app_context():
                root = settings().export_dir
                deadline = time.monotonic() + 60
                while builds.missing(db.session(), root):  # no request has asked for a download
                    assert time.monotonic() < deadline, "the downloads were not built within 60 s"
                    db.session.remove()
                    time.sleep(0.1)
                assert operator_names(db.session()) >= DOCUMENTED
                version = dumps.registry_version(db.session())
            for dump in dumps.DUMPS.values():
                answer = app.test_client().get(f"/api/v1/exports/{dump.filename}")
                assert answer.status_code == 200 and answer.headers["X-Registry-Version"] == version
        finally:
            for thread in threading.enumerate():
                if thread.name.startswith("cameramap-export"):
                    thread.join(timeout=30)
        with app.app_context():
            assert {row.name for row in db.session.scalars(select(ExportBuild))} == set(dumps.DUMPS)
            db.session.remove()

