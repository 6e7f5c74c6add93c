"""Privacy sweep: after a client used every write path, its address and its User-Agent are nowhere.

Extends tests/functional/submissions/test_privacy.py (which follows the address through the
submission paths, including Redis) with the User-Agent, the moderator log-in and geocoder paths,
every file the app wrote, and a real server process whose own log is searched too: it runs behind
one trusted proxy (CAMERAMAP_PROXY_COUNT=1) and is reached from a distinctive loopback address.
"""

from __future__ import annotations

import base64
import http.client
import io
import ipaddress
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cameramap.extensions import settings
from cameramap.protection.ratelimits import limiter
from tests.factories import make_camera
from tests.functional.submissions.helpers import (  # noqa: F401 (fixtures)
    HELSINKI,
    api_submit,
    csrf_token,
    jpeg_with_metadata,
    sclient,
    submission_app,
)
from tests.functional.submissions.test_privacy import database_dump, run_submissions

ADDRESS = "198.51.100.213"
FORWARDED = "203.0.113.213"
LOOPBACK = "127.77.0.213"  # Linux routes all of 127/8 to lo: a client address nothing else uses
AGENT = "PrivacySweepAgent/9.9 (needle-7f3a; X11)"


def needles(*addresses: str) -> list[bytes]:
    found = [AGENT.encode(), b"PrivacySweepAgent", b"needle-7f3a"]
    for text in addresses:
        address = ipaddress.ip_address(text)
        found += [text.encode(), address.packed, address.packed.hex().encode()]
    return found


def assert_nowhere(blob: bytes, where: str, *addresses: str) -> None:
    for needle in needles(*addresses):
        assert needle not in blob, f"{needle!r} found in {where}"


def files_under(*folders: str | None) -> list[Path]:
    return [p for f in folders if f and Path(f).is_dir() for p in Path(f).rglob("*") if p.is_file()]


def test_address_and_user_agent_are_kept_nowhere(sclient, session, submission_app, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    sclient.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT})
    env = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT}
    camera = make_camera(session)
    run_submissions(sclient, camera.id)  # form, API with photo, confirmation, report (two addresses)
    keyed = api_submit(sclient, HELSINKI | {"notes": "sweep"}, headers={"Idempotency-Key": "sweep-1"},
                       environ=env)
    assert keyed.status_code == 201
    token = csrf_token(sclient.get("/submit").get_data(as_text=True))
    photo = sclient.post("/submit/photo", data={"photo": (io.BytesIO(jpeg_with_metadata()), "p.jpg"),
                                                "csrf_token": token},
                         content_type="multipart/form-data", environ_base=env)
    assert photo.status_code < 500
    login_page = sclient.get("/moderate/login", environ_base=env).get_data(as_text=True)
    failed = sclient.post("/moderate/login", data={"name": "nobody", "password": "wrong password 123",
                                                   "csrf_token": csrf_token(login_page)}, environ_base=env)
    assert failed.status_code in (200, 429)
    for path in ("/api/v1/geocode?q=Mannerheimintie%201", "/", f"/cameras/{camera.id}", "/api/v1/cameras"):
        assert sclient.get(path, environ_base=env).status_code < 500

    dump = database_dump(session)
    assert b"sweep" in dump and dump.count(b"pending") >= 5  # the dump holds what was sent
    assert_nowhere(dump, "the database", ADDRESS)
    assert_nowhere(caplog.text.encode(), "the logs", ADDRESS)
    store = repr(vars(limiter.storage)).encode()
    assert b"cameramap" in store  # the limiter counted these clients
    assert_nowhere(store, "the rate-limit store", ADDRESS)
    written = files_under(settings(submission_app).media_dir, settings(submission_app).export_dir,
                          submission_app.config.get("INSTANCE_DIR"))
    assert any(p.suffix in (".jpg", ".png", ".webp") for p in written)
    for path in written:
        assert_nowhere(path.read_bytes(), str(path), ADDRESS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _request(port: int, method: str, path: str, body: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(LOOPBACK, 0))
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"User-Agent": AGENT, "X-Forwarded-For": FORWARDED, "Content-Type": "application/json"}
    connection.request(method, path, body=payload, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.fixture
def server_database(tmp_path, database_url):
    """A SQLite file, or on PostgreSQL the test database itself (rows are deleted afterwards)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'served.sqlite3'}"
        return
    url = make_url(database_url)
    yield url.render_as_string(hide_password=False)
    engine = create_engine(url)
    with Session(engine) as session:
        from cameramap.storage.submissions import IdempotencyKey, Photo, Submission

        ids = [s.id for s in session.query(Submission).filter(Submission.notes.like("served sweep%"))]
        session.query(Photo).filter(Photo.submission_id.in_(ids)).delete(synchronize_session=False)
        session.query(IdempotencyKey).delete(synchronize_session=False)
        session.query(Submission).filter(Submission.id.in_(ids)).delete(synchronize_session=False)
        session.commit()
    engine.dispose()


def test_a_real_server_logs_neither_address_nor_user_agent(tmp_path, server_database, engine):
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=0.1, source_address=(LOOPBACK, 0)).close()
    except ConnectionRefusedError:
        pass
    except OSError as err:
        pytest.skip(f"cannot use {LOOPBACK} as a client address here: {err}")
    port, log = _free_port(), tmp_path / "server.log"
    env = os.environ | {
        "CAMERAMAP_DATABASE_URL": server_database, "CAMERAMAP_SECRET_KEY": "sweep",
        "CAMERAMAP_MEDIA_DIR": str(tmp_path / "media"), "CAMERAMAP_PROOF_OF_WORK": "off",
        "CAMERAMAP_PROXY_COUNT": "1", "CAMERAMAP_RATE_LIMIT_SUBMIT": "3 per hour",
    }
    command = [str(Path(sys.executable).with_name("cameramap")), "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                _request(port, "GET", "/api/v1/challenge")
                break
            except OSError:
                time.sleep(0.1)
        photo = base64.b64encode(jpeg_with_metadata()).decode()
        codes = [_request(port, "POST", "/api/v1/submissions", HELSINKI | {"notes": f"served sweep {i}",
                                                                           "photo": photo}) for i in range(4)]
        codes += [_request(port, "GET", path) for path in ("/", "/submit", "/api/v1/nope")]
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert codes[:4] == [201, 201, 201, 429], codes  # the limit saw one client, keyed without its address
    with Session(create_engine(server_database)) as session:
        dump = database_dump(session)
    assert b"served sweep" in dump
    assert_nowhere(dump, "the database", LOOPBACK, FORWARDED)
    assert_nowhere(log.read_bytes(), "the server's output", LOOPBACK, FORWARDED)
    for path in files_under(str(tmp_path / "media")):
        assert_nowhere(path.read_bytes(), str(path), LOOPBACK, FORWARDED)
