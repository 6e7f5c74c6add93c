"""After a run of submissions from one client, its address is nowhere: database, logs, limiter store,
media folder (and Redis, when Redis holds the limits, challenges and secrets)."""

from __future__ import annotations

import base64
import io
import ipaddress
import logging
import os
import socket
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select
from sqlalchemy.exc import SAWarning

from cameramap.extensions import settings
from cameramap.protection.ratelimits import limiter
from tests.factories import make_camera
from tests.functional.submissions.helpers import (
    HELSINKI,
    api_submit,
    form_tokens,
    jpeg_with_metadata,
    solution,
)

IPV4 = "203.0.113.77"
IPV6 = "2001:db8:77:1:2:3:4:abcd"


def needles() -> list[bytes]:
    v4, v6 = ipaddress.ip_address(IPV4), ipaddress.ip_address(IPV6)
    texts = [IPV4, IPV6, str(v6), "2001:db8:77:1", v6.exploded, "203.0.113"]
    return [t.encode() for t in texts] + [v4.packed, v6.packed, v6.packed[:8], v4.packed.hex().encode()]


def assert_absent(blob: bytes, where: str) -> None:
    for needle in needles():
        assert needle not in blob, f"{needle!r} found in {where}"


def run_submissions(client, camera_id: int) -> None:
    for address in (IPV4, IPV6):
        env = {"REMOTE_ADDR": address}
        photo = base64.b64encode(jpeg_with_metadata()).decode()
        assert api_submit(client, HELSINKI | {"photo": photo}, environ=env).status_code == 201
        tokens = form_tokens(client)
        upload = (io.BytesIO(jpeg_with_metadata(gps=None)), "p.jpg")
        form = {
            "lat": "60.3",
            "lon": "24.8",
            "surveillance_type": "camera",
            "action": "save",
            "website": "",
            "altcha": solution(client),
            "photo": upload,
            **tokens,
        }
        response = client.post("/submit", data=form, environ_base=env, content_type="multipart/form-data")
        assert response.status_code == 303
        assert client.get(response.headers["Location"], environ_base=env).status_code == 200
        confirm = client.post(
            f"/api/v1/cameras/{camera_id}/confirmations",
            json={},
            environ_base=env,
            headers={"X-Altcha": solution(client)},
        )
        assert confirm.status_code == 201
        client.post(
            f"/api/v1/cameras/{camera_id}/reports",
            json={"kind": "wrong_direction"},
            environ_base=env,
            headers={"X-Altcha": solution(client)},
        )
        client.post("/api/v1/submissions", json=HELSINKI, environ_base=env)  # refused: no proof of work


def database_dump(session) -> bytes:
    metadata = MetaData()
    with warnings.catch_warnings():  # PostGIS's geometry type is unknown to SQLAlchemy; its text is enough
        warnings.simplefilter("ignore", SAWarning)
        metadata.reflect(bind=session.connection())
    rows = []
    for table in metadata.sorted_tables:
        for row in session.execute(select(table)):
            rows.append(repr(tuple(row)))
    return "\n".join(rows).encode()


def test_client_address_is_stored_nowhere(sclient, session, submission_app, caplog, configure):
    caplog.set_level(logging.DEBUG)
    configure(submission_app, RATE_LIMIT_SUBMIT="5 per hour")
    camera = make_camera(session)
    run_submissions(sclient, camera.id)
    over = api_submit(
        sclient, HELSINKI, environ={"REMOTE_ADDR": IPV4}
    )  # the 6th from this client: over the limit
    assert over.status_code == 429

    dump = database_dump(session)
    assert dump.count(b"pending") >= 4  # the dump really holds the submissions
    assert_absent(dump, "the database")

    assert_absent(caplog.text.encode(), "the logs")

    store = limiter.storage
    contents = repr(vars(store)).encode()
    assert b"cameramap/" in contents or b"cameramap" in contents  # the store is not empty
    assert_absent(contents, "the rate-limit store")

    media = Path(settings(submission_app).media_dir)
    files = list(media.iterdir())
    assert len(files) == 4
    for path in files:
        assert_absent(path.read_bytes(), f"the photo {path.name}")


REDIS_SCRIPT = textwrap.dedent("""
    import base64, sys, redis
    from cameramap import create_app
    from cameramap.services.submissions import pow
    from tests.functional.submissions.helpers import jpeg_with_metadata
    url, database, media = sys.argv[1], sys.argv[2], sys.argv[3]
    store = redis.Redis.from_url(url)
    store.flushdb()
    app = create_app({"DATABASE_URL": database, "SECRET_KEY": "redis-test", "REDIS_URL": url,
                      "MEDIA_DIR": media, "POW_MAX_NUMBER": 2000, "TESTING": True,
                      "RATE_LIMIT_SUBMIT": "3 per hour"})
    client = app.test_client()
    codes = []
    used = None
    for address in ("203.0.113.77", "2001:db8:77:1:2:3:4:abcd"):
        for _ in range(4):
            asked = client.get("/api/v1/challenge", environ_base={"REMOTE_ADDR": address})
            payload = pow.solve(asked.get_json())
            body = {"lat": 60.17, "lon": 24.94, "photo": base64.b64encode(jpeg_with_metadata()).decode()}
            codes.append(client.post("/api/v1/submissions", json=body, headers={"X-Altcha": payload},
                                     environ_base={"REMOTE_ADDR": address}).status_code)
            used = payload if codes[-1] == 201 else used
    replay = client.post("/api/v1/submissions", json={"lat": 60.2, "lon": 24.9}, headers={"X-Altcha": used},
                         environ_base={"REMOTE_ADDR": "198.51.100.1"})
    print("CODES", codes, replay.status_code, replay.get_json()["error"])
    dump = []
    for key in store.scan_iter("*"):
        kind = store.type(key)
        value = store.get(key) if kind == b"string" else repr(store.dump(key))
        dump.append(repr((key, value)))
    print("KEYS", len(dump))
    sys.stdout.flush()
    open(sys.argv[4], "w").write("\\n".join(dump))
    store.flushdb()
""")


def test_redis_holds_limits_challenges_and_secrets_without_the_address(tmp_path):
    redis = pytest.importorskip("redis")
    url = os.environ.get("CAMERAMAP_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    out = tmp_path / "redis-dump.txt"
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            REDIS_SCRIPT,
            url,
            f"sqlite:///{tmp_path / 'db.sqlite3'}",
            str(tmp_path / "m"),
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        env=os.environ | {"PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "CODES [201, 201, 201, 429, 201, 201, 201, 429] 400 proof_of_work_replayed" in result.stdout
    dump = out.read_bytes()
    assert (
        b"cameramap" in dump and b"clientkey" in dump and b"pow" in dump
    )  # limits, secrets, solved challenges
    assert_absent(dump, "Redis")
    assert_absent((result.stdout + result.stderr).encode(), "the output")


OUTAGE_SCRIPT = textwrap.dedent("""
    import sys
    from cameramap import create_app
    from cameramap.services.submissions import pow
    app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "outage-test", "REDIS_URL": sys.argv[2],
                      "MEDIA_DIR": sys.argv[3], "POW_MAX_NUMBER": 2000, "TESTING": True,
                      "RATE_LIMIT_SUBMIT": "3 per hour"})
    client = app.test_client()
    codes, used = [], None
    for _ in range(4):
        payload = pow.solve(client.get("/api/v1/challenge").get_json())
        codes.append(client.post("/api/v1/submissions", json={"lat": 60.17, "lon": 24.94},
                                 headers={"X-Altcha": payload}).status_code)
        used = payload if codes[-1] == 201 else used
    replay = client.post("/api/v1/submissions", json={"lat": 60.2, "lon": 24.9}, headers={"X-Altcha": used},
                         environ_base={"REMOTE_ADDR": "198.51.100.1"})  # another network: not limited yet
    print("CODES", codes, replay.status_code, replay.get_json()["error"], client.get("/submit").status_code)
""")


@pytest.fixture(params=["refused", "silent"])
def dead_redis(request):
    """A Redis URL nobody answers: the port refuses connections, or accepts them and never replies."""
    if request.param == "refused":
        yield "redis://127.0.0.1:1/0"
        return
    with socket.socket() as listener:  # the kernel completes connections into the backlog; no reply
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def test_a_redis_outage_degrades_to_the_database_and_memory(tmp_path, dead_redis):
    """Redis configured but down or hanging: submissions still work, replays are still refused (the
    database remembers solved challenges), limits still hold (in memory): no 500, no hung request."""
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", OUTAGE_SCRIPT, f"sqlite:///{tmp_path / 'db.sqlite3'}", dead_redis,
         str(tmp_path / "m")],  # without socket timeouts, the silent Redis held this script ~110 s
        capture_output=True, text=True, cwd=root, timeout=60, env=os.environ | {"PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "CODES [201, 201, 201, 429] 400 proof_of_work_replayed 200" in result.stdout, result.stdout
    assert "Redis unreachable" in result.stderr
