"""Tracks and routes are kept nowhere: not in the database, the logs, the files, nor a server's output."""

from __future__ import annotations

import http.client
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import orjson

from cameramap.services.exposure import index
from tests.factories import make_camera
from tests.functional.submissions.test_privacy import database_dump

# Coordinates no fixture uses, in every form they could be written (rounded to 5-7 decimals too).
TRACK = [[24.9512345, 60.1712345], [24.9433217, 60.1741117], [24.9419873, 60.1703333]]
NEEDLES = [b"24.95123", b"60.17123", b"24.94332", b"60.17411", b"24.94198", b"60.17033"]
GPX = ('<?xml version="1.0"?><gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
       + "".join(f'<trkpt lat="{lat}" lon="{lon}"><time>2024-05-01T08:0{i}:00Z</time></trkpt>'
                 for i, (lon, lat) in enumerate(TRACK)) + "</trkseg></trk></gpx>").encode()


def assert_nowhere(blob: bytes, where: str) -> None:
    for needle in NEEDLES:
        assert needle not in blob, f"{needle!r} found in {where}"


def submit_everything(post) -> list[int]:
    """Every way a track or a route's ends reach the server; the status codes."""
    line = orjson.dumps({"type": "LineString", "coordinates": TRACK})
    return [post("/api/v1/exposure", line, "application/geo+json"),
            post("/api/v1/exposure?range_m=40", GPX, "application/gpx+xml"),
            post("/api/v1/exposure", b'{"type": "LineString", "coordinates": [' + line[-60:],
                 "application/json"),
            post("/api/v1/routes", orjson.dumps({"from": TRACK[0], "to": TRACK[1], "budget": 0.3}),
                 "application/json"),
            post("/api/v1/routes", orjson.dumps({"from": TRACK[1], "to": TRACK[2], "profile": "car"}),
                 "application/json")]


def test_tracks_and_routes_are_kept_nowhere(client, session, app, grid, caplog):
    caplog.set_level(logging.DEBUG)
    make_camera(session, lon=24.942, lat=60.172, camera_type="dome", claims=[])

    def post(path: str, body: bytes, content_type: str) -> int:
        answer = client.post(path, data=body, content_type=content_type)
        if answer.status_code == 200:
            assert b"length_m" in answer.data
        return answer.status_code

    codes = submit_everything(post)
    assert codes[:2] == [200, 200] and codes[2] == 400 and all(c < 500 for c in codes)
    dump = database_dump(session)
    assert b"residential" in dump  # the dump really holds the street network
    assert_nowhere(dump, "the database")
    assert_nowhere(caplog.text.encode(), "the logs")
    state = repr(vars(index)).encode() + repr(index.streets(session)).encode()
    assert_nowhere(state, "the in-memory indexes")
    for path in Path(app.config["INSTANCE_DIR"]).rglob("*"):
        if path.is_file():
            assert_nowhere(path.read_bytes(), str(path))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_real_server_writes_no_track_to_its_output_or_database(tmp_path):
    port, log, database = _free_port(), tmp_path / "server.log", tmp_path / "served.sqlite3"
    env = os.environ | {"CAMERAMAP_DATABASE_URL": f"sqlite:///{database}", "CAMERAMAP_SECRET_KEY": "sweep",
                        "CAMERAMAP_MEDIA_DIR": str(tmp_path / "media")}
    command = [str(Path(sys.executable).with_name("cameramap")), "serve", "--port", str(port)]

    def post(path: str, body: bytes, content_type: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("POST", path, body=body, headers={"Content-Type": content_type})
        status = connection.getresponse().status
        connection.close()
        return status

    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        codes = submit_everything(post)
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert codes[:3] == [200, 200, 400] and codes[3:] == [404, 404], codes  # no street network there
    assert b"serving on" in log.read_bytes()
    assert_nowhere(log.read_bytes(), "the server's output")
    for path in tmp_path.rglob("served.sqlite3*"):  # the database and its journal
        assert_nowhere(path.read_bytes(), str(path))
