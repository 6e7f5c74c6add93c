"""GET /api/v1/changes: created, updated and removed cameras in order, resumable, never skipping or
repeating a change, even while other transactions create cameras concurrently (both backends)."""

from __future__ import annotations

import random
import threading
import time

import orjson
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from cameramap.domain.records import Actor
from cameramap.services.registry import changes
from cameramap.services.registry.cameras import add_camera, apply_changes, change_status
from cameramap.storage.changes import Change
from cameramap.storage.models import Camera, Revision
from tests.databases import migrated_engine
from tests.factories import make_camera

MODERATOR = Actor("moderator", "mod")
WRITER = Actor("system", "test writer")


def feed(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return orjson.loads(response.data), response


def read_all(client, limit: int, since: str | None = None) -> list[dict]:
    """Follow next_cursor until the feed has nothing more."""
    entries: list[dict] = []
    while True:
        url = f"/api/v1/changes?limit={limit}" + (f"&since={since}" if since else "")
        body, _ = feed(client, url)
        entries += body["changes"]
        since = body["next_cursor"]
        if not body["more"]:
            return entries


def test_feed_lists_creations_updates_and_removals_in_order(client, session):
    first = make_camera(session)
    second = make_camera(session, lon=24.95)
    apply_changes(session, first, {"camera_type": "dome"}, MODERATOR, "checked on site")
    session.commit()
    change_status(session, second.id, "removed", MODERATOR, "taken down")
    ours = {str(first.id), str(second.id)}
    entries = [e for e in read_all(client, 100) if e["camera_id"] in ours]
    assert [(e["camera_id"], e["kind"]) for e in entries] == [
        (str(first.id), "created"), (str(second.id), "created"),
        (str(first.id), "updated"), (str(second.id), "removed")]
    assert entries[2]["feature"]["properties"]["camera_type"] == "dome"
    assert entries[3]["feature"]["properties"]["status"] == "removed"
    assert all(e["date"] and e["revision_id"] for e in entries)


def test_paging_resumes_without_skipping_or_repeating(client, session):
    for i in range(7):
        make_camera(session, lon=20 + i / 100)
    whole = read_all(client, 1000)
    paged = read_all(client, 3)
    assert [e["cursor"] for e in paged] == [e["cursor"] for e in whole]
    assert len({e["cursor"] for e in whole}) == len(whole) >= 7
    middle = whole[3]["cursor"]
    assert [e["cursor"] for e in read_all(client, 2, since=middle)] == [e["cursor"] for e in whole[4:]]


def test_link_header_points_to_the_next_page(client, session):
    for _ in range(3):
        make_camera(session)
    body, response = feed(client, "/api/v1/changes?limit=2")
    assert body["more"] is True
    link = response.headers["Link"]
    assert f"since={body['next_cursor']}" in link and 'rel="next"' in link


def test_after_the_end_the_cursor_stays(client, session):
    make_camera(session)
    end = read_all(client, 1000)[-1]["cursor"]
    body, response = feed(client, f"/api/v1/changes?since={end}")
    assert body["changes"] == [] and body["next_cursor"] == end and body["more"] is False
    assert "Link" not in response.headers


@pytest.mark.parametrize("query, parameter", [("since=yesterday", "since"), ("since=1_2_3", "since"),
                                              ("limit=0", "limit"), ("limit=100000", "limit"),
                                              ("colour=red", "colour"), ("since=1_1&since=2_2", "since")])
def test_bad_parameters_are_json_400(client, query, parameter):
    body, _ = feed(client, f"/api/v1/changes?{query}", status=400)
    assert body["parameter"] == parameter


def test_bulk_inserted_revisions_are_logged_too(client, session):
    """Importers may insert revisions with Core executemany; the trigger still logs each one."""
    camera = make_camera(session)
    before = session.scalar(select(func.count(Change.id)))
    session.execute(insert(Revision), [
        {"camera_id": camera.id, "action": "update", "before": {"status": "reported"},
         "after": {"status": "reported"}, "actor_kind": "import", "created_at": camera.updated_at},
        {"camera_id": camera.id, "action": "status", "before": {"status": "reported"},
         "after": {"status": "removed"}, "actor_kind": "import", "created_at": camera.updated_at}])
    logged = session.scalars(select(Change).order_by(Change.id).offset(before)).all()
    assert [c.kind for c in logged] == ["updated", "removed"]


# --- concurrency, on a committed database of its own -----------------------------------------


@pytest.fixture(scope="module")
def race_engine(tmp_path_factory):
    with migrated_engine(tmp_path_factory.mktemp("race"), "changes_race") as engine:
        yield engine


def _create(engine, lon: float, pause: float = 0.0) -> int:
    with Session(engine, expire_on_commit=False) as session:
        camera = add_camera(session, {"lon": lon, "lat": 60.0}, WRITER)
        session.flush()
        time.sleep(pause)
        session.commit()
        return camera.id


def _create_retrying(engine, lon: float, pause: float) -> int:
    """SQLite answers 'database is locked' at once (no busy wait) when a transaction's first write
    goes through the R*Tree trigger while another writer holds the lock; a client retries."""
    for _attempt in range(200):
        try:
            return _create(engine, lon, pause)
        except OperationalError as err:
            if engine.dialect.name != "sqlite" or "locked" not in str(err):
                raise
            time.sleep(0.005)
    raise AssertionError("SQLite stayed locked")


def _read(engine, cursor: changes.Cursor, limit: int = 5) -> tuple[list[Change], changes.Cursor]:
    with Session(engine) as session:
        page = changes.read(session, cursor, limit)
        return page.changes, page.next


def _drain(engine, cursor: changes.Cursor, count: int, timeout: float = 120.0):
    """Read until `count` more changes came (on PostgreSQL, any database's writing transaction
    that is still open holds newer changes back), then check that nothing else comes."""
    rows: list[Change] = []
    deadline = time.monotonic() + timeout
    while len(rows) < count and time.monotonic() < deadline:
        page, cursor = _read(engine, cursor)
        rows += page
        if not page:
            time.sleep(0.05)
    assert _read(engine, cursor)[0] == []
    return rows, cursor


def test_reader_never_skips_nor_repeats_while_cameras_are_created(race_engine):
    writers, per_writer = 4, 15
    errors: list[BaseException] = []

    def write(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for i in range(per_writer):
                _create_retrying(race_engine, seed + i / 1000, pause=rng.uniform(0, 0.01))
        except BaseException as err:  # noqa: BLE001 - reported by the test below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    served: list[int] = []
    cursor = changes.Cursor()
    while any(thread.is_alive() for thread in threads):
        rows, cursor = _read(race_engine, cursor)
        served += [row.id for row in rows]
    for thread in threads:
        thread.join()
    assert not errors
    with Session(race_engine) as session:
        logged = list(session.scalars(select(Change.id)))
        created = session.scalar(select(func.count(Camera.id)))
    rows, cursor = _drain(race_engine, cursor, len(logged) - len(served))
    served += [row.id for row in rows]
    assert len(served) == len(set(served)), "a change was served twice"
    assert sorted(served) == sorted(logged), "a change was skipped"
    assert len(logged) >= created >= writers * per_writer


def test_a_change_committed_early_waits_for_older_transactions(race_engine, backend):
    """PostgreSQL: T1 starts writing first, T2 logs a change and commits before T1 does.
    The reader must hold T2's change back until T1 commits, then serve T1's before T2's."""
    if backend != "postgresql":
        pytest.skip("SQLite serializes writers: a second writer waits for the first to commit")
    start = _read(race_engine, changes.Cursor(), 10_000)
    cursor = changes.Cursor(start[0][-1].txid, start[0][-1].id) if start[0] else changes.Cursor()
    with Session(race_engine, expire_on_commit=False) as older:
        older.execute(select(func.pg_current_xact_id())).scalar()  # T1 takes its transaction id first
        later_id = _create(race_engine, 2.0)  # T2: a newer transaction logs a change and commits
        assert _read(race_engine, cursor)[0] == [], "T2's change was served while T1 was in flight"
        older_id = add_camera(older, {"lon": 3.0, "lat": 3.0}, WRITER).id
        older.commit()
    rows, _ = _drain(race_engine, cursor, 2)
    assert [row.camera_id for row in rows] == [older_id, later_id]
    assert rows[0].id > rows[1].id, "T1's change has the higher id yet comes first"
