"""POST /exposure and /routes are limited per client: 429 with Retry-After, nothing of the request kept."""

from __future__ import annotations

import logging

import orjson

from cameramap.protection.ratelimits import limiter
from tests.functional.exposure.test_privacy import GPX, NEEDLES, TRACK, assert_nowhere

LINE = orjson.dumps({"type": "LineString", "coordinates": TRACK})
ROUTE = orjson.dumps({"from": TRACK[0], "to": TRACK[1], "budget": 0.3})


def test_exposure_over_the_limit_answers_429_with_retry_after(client, app, grid, configure, caplog):
    caplog.set_level(logging.DEBUG)
    configure(app, RATE_LIMIT_EXPOSURE="2 per minute")
    codes = [client.post("/api/v1/exposure", data=LINE, content_type="application/geo+json").status_code
             for _ in range(2)]
    over = client.post("/api/v1/exposure", data=GPX, content_type="application/gpx+xml")
    assert codes == [200, 200] and over.status_code == 429
    assert 0 < int(over.headers["Retry-After"]) <= 60
    body = over.get_json()
    assert body["error"] == "too_many_requests" and "Nothing was kept" in body["message"]
    other = client.post("/api/v1/exposure", data=LINE, content_type="application/geo+json",
                        environ_base={"REMOTE_ADDR": "198.51.100.30"})
    assert other.status_code == 200  # the limit is per client
    routes = client.post("/api/v1/routes", data=ROUTE, content_type="application/json")
    assert routes.status_code != 429  # routes have their own budget
    assert_nowhere(caplog.text.encode(), "the logs")
    assert_nowhere(repr(vars(limiter.storage)).encode(), "the rate-limit store")


def test_routes_over_the_limit_answer_429_and_log_nothing(client, app, grid, configure, caplog):
    caplog.set_level(logging.DEBUG)
    configure(app, RATE_LIMIT_ROUTES="1 per hour")
    first = client.post("/api/v1/routes", data=ROUTE, content_type="application/json")
    over = client.post("/api/v1/routes", data=ROUTE, content_type="application/json")
    assert first.status_code == 200 and over.status_code == 429
    assert int(over.headers["Retry-After"]) > 60  # an hour's window
    assert not any(n in over.data for n in NEEDLES)
    assert client.post("/api/v1/exposure", data=LINE, content_type="application/geo+json").status_code == 200
    assert_nowhere(caplog.text.encode(), "the logs")
    contents = repr(vars(limiter.storage)).encode()
    assert b"routes" in contents  # the store really holds the routes budget
    assert_nowhere(contents, "the rate-limit store")
