"""The OpenAPI 3.1 document describes API v1 exactly: schemathesis drives every operation in process
(200 examples each, derandomized) with all its checks: no server error, no response the document does
not allow, no input the document forbids accepted, and no input it allows refused (but for the few
rules a JSON Schema cannot state, answered with a 400 whose code names the rule); the OGC API's
OpenAPI 3.0 definition gets the same treatment.

The submission endpoints (POST /submissions, confirmations, reports) are fuzzed too, with the proof of
work switched off and rate limits far above the number of examples (both are configuration; their
answers, a 400 for a missing solution and a 429 over the limit, are checked against the document by
the targeted tests at the end)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import jsonschema_rs
import orjson
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import select

from cameramap.api import openapi
from cameramap.api.ogc import openapi as ogc_openapi
from cameramap.api.openapi import stats as openapi_stats
from cameramap.domain.records import Actor, SourceSpec
from cameramap.extensions import db
from cameramap.extensions import settings as app_settings
from cameramap.protection.ratelimits import limiter
from cameramap.services.registry.cameras import change_status
from cameramap.services.submissions import pow
from cameramap.storage.accountability import Area, OperatorDocument
from cameramap.storage.models import Camera, CapabilityClaim, Operator, Vendor
from cameramap.storage.technology import TechnologyClaim, VendorPartnership
from tests.factories import TEST_SOURCE, make_camera

EXAMPLES = 200  # per operation of API v1 (operations without parameters have fewer distinct ones)
OGC_EXAMPLES = 100  # /ogc is fuzzed too, with fewer, to keep the run under a minute
SOURCES = (TEST_SOURCE, SourceSpec(name="OSM", kind="osm", licence="ODbL-1.0"),
           SourceSpec(name="Registry", kind="official_registry", licence="CC0-1.0", attribution=None))
CALLS: Counter[str] = Counter()


FUZZ_CONFIG = {"PROOF_OF_WORK": "off", "RATE_LIMIT_SUBMIT": "100000 per hour",
               "RATE_LIMIT_GLOBAL": "100000 per hour", "RATE_LIMIT_CHALLENGE": "100000 per hour"}
API_BLUEPRINTS = ("api", "api_exports", "geocode", "api_submissions", "api_stats", "streets", "api_exposure",
                  "api_deployments")


def _square(code: str, west: float, east: float) -> Area:
    south, north = 60.16, 60.18
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return Area(layer=openapi_stats.LAYER_EXAMPLE, code=code, name=f"District {code}",
                population=None if code == "2" else 1000, area_km2=2.0, west=west, south=south,
                east=east, north=north, geometry={"type": "Polygon", "coordinates": [ring]})


def _technology(session, operator_id: int) -> None:
    """A vendor with a system and a partner, a document about it, and claims of technology with no place."""
    maker, partner = Vendor(name="FaceCo", country="<i>X</i>"), Vendor(name="VideoSoft")
    system = Vendor(name="FaceCo Live", kind="system", maker=maker)
    fine = OperatorDocument(operator_id=None, vendor=maker, kind="regulator_decision", title="A fine",
                            published_on=date(2022, 5, 23))
    session.add_all([
        TechnologyClaim(operator_id=operator_id, vendor=system, technology="mobile_live_face_recognition",
                        status="trial", since="2016-08", until="2019", summary="vans", documents=[fine]),
        TechnologyClaim(operator_id=None, vendor=maker, technology="scraped_face_search", status="in_use"),
        VendorPartnership(vendor=maker, partner=partner, kind="integration", since="2019", documents=[fine])])


def without_gzip(wsgi_app):
    """Map views are gzipped for clients that accept it; schemathesis' WSGI client asks for gzip but
    does not decompress, so its requests lose their Accept-Encoding."""

    def call(environ, start_response):
        environ.pop("HTTP_ACCEPT_ENCODING", None)
        return wsgi_app(environ, start_response)

    return call


@pytest.fixture
def bound_demo(app, engine, tmp_path, monkeypatch, configure):
    """A few dozen varied cameras and an area layer inside one transaction per fuzzed operation,
    rolled back after it (few, so that thousands of requests stay fast). Not module-scoped: on SQLite
    an open writing transaction holds the write lock, which the module's other tests need."""
    configure(app, **FUZZ_CONFIG, MEDIA_DIR=str(tmp_path / "media"))
    monkeypatch.setattr(app, "wsgi_app", without_gzip(app.wsgi_app))
    limiter.reset()
    connection = engine.connect()
    outer = connection.begin()
    db.bind_to(connection)
    with app.app_context():
        session = db.session()
        for i in range(24):
            make_camera(session, source=SOURCES[i % 3], lon=24.9 + i / 1000, lat=60.17,
                        camera_type=("fixed", "dome", "panning", None)[i % 4],
                        surveillance_type=("camera", "ALPR", "guard")[i % 3],
                        operator=("Helsinki Police", "City & Co", None)[i % 3], notes=f"<b>{i}</b>")
        change_status(session, session.scalars(select(Camera.id)).first(), "removed", Actor("moderator", "m"))
        session.add(CapabilityClaim(operator_id=session.scalars(select(Operator.id)).first(),
                                    capability="analytics", confidence="claimed"))
        _technology(session, session.scalars(select(Operator.id)).first())
        session.add_all([_square("1", 24.895, 24.912), _square("2", 24.912, 24.93)])
        session.commit()
    yield app
    db.session.remove()
    outer.rollback()
    connection.close()
    limiter.reset()
    print("\nschemathesis calls per operation:", dict(sorted(CALLS.items())))


# The documents as the default configuration serves them (compared with the served ones below).
LIMITS = {"max_limit": 1000, "default_limit": 100}
API_DOCUMENT = openapi.document("http://localhost/api/v1", version="1.0.0", **LIMITS)
OGC_DOCUMENT = ogc_openapi.document("http://localhost/ogc", version="1.0.0", **LIMITS)
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


# Rules a JSON Schema cannot state, each answered with a documented 400 whose code names it: two
# parameters allowed each but not together (tile with bbox, zoom or offset), a CQL2 filter that does not
# parse in its filter-lang, a camera direction that does not read as one, an uploaded track that is
# neither GeoJSON nor GPX, a photo that is no base64 image, a NUL character in a text, a bbox whose west
# lies east of its east, that spans more than the endpoint answers, or that leaves its coordinate
# system's range (an OGC bbox in bbox-crs), and an impossible datetime (30 February, an interval that
# ends before it starts). An uploaded photo that is too large or no JPEG/PNG/WebP gets its documented
# 413 or 415.
SEMANTIC_CODES = {"conflicting_parameters", "invalid_filter", "invalid_direction", "invalid_track",
                  "invalid_photo", "nul_character", "inverted_bbox", "bbox_too_large", "invalid_datetime",
                  "bbox_out_of_range"}


def _error_code(response) -> str | None:
    """The code of a JSON error, or of an HTML error page (`f=html`): <code class="error-code">."""
    kind = response.headers.get("content-type") or response.headers.get("Content-Type") or ""
    if "text/html" in str(kind):
        found = re.search(r'<code class="error-code">([a-z_]+)</code>', response.text)
        return found.group(1) if found else None
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None


def accepts_valid_input(ctx, response, case):
    """schemathesis' positive_data_acceptance, but for the rules in SEMANTIC_CODES."""
    if response.status_code == 400 and _error_code(response) in SEMANTIC_CODES:
        return None
    if response.status_code in (413, 415) and str(response.status_code) in case.operation.definition.raw.get(
            "responses", {}):
        return None
    return positive_data_acceptance(ctx, response, case)


ALL_CHECKS = {"excluded_checks": [positive_data_acceptance], "additional_checks": [accepts_valid_input]}


@schemathesis.openapi.from_dict(API_DOCUMENT).parametrize()
@FUZZ
def test_api_v1_matches_its_openapi_document(case, bound_demo):
    CALLS[f"api {case.operation.label}"] += 1
    case.call_and_validate(app=bound_demo, **ALL_CHECKS)


@schemathesis.openapi.from_dict(OGC_DOCUMENT).parametrize()
@settings(FUZZ, max_examples=OGC_EXAMPLES)
def test_ogc_api_matches_its_openapi_definition(case, bound_demo):
    CALLS[f"ogc {case.operation.label}"] += 1
    # OGC API - Features lets a server lower a limit above its maximum instead of refusing it, which
    # is what /ogc does for GIS clients; the definition says so. A bbox's range depends on bbox-crs,
    # which a schema cannot say: outside it, 400 bbox_out_of_range (a rule in SEMANTIC_CODES).
    case.call_and_validate(app=bound_demo, **ALL_CHECKS)


@pytest.mark.parametrize("url, document", [("/api/v1/openapi.json", API_DOCUMENT),
                                           ("/ogc/api", OGC_DOCUMENT)])
def test_the_fuzzed_documents_are_the_served_ones(app, client, url, document):
    assert app_settings(app).api_max_limit == LIMITS["max_limit"]
    assert app_settings(app).api_default_limit == LIMITS["default_limit"]
    assert orjson.loads(client.get(url).data) == orjson.loads(orjson.dumps(document))


def test_document_is_openapi_31_and_lists_every_api_route(app, client):
    doc = orjson.loads(client.get("/api/v1/openapi.json").data)
    assert doc["openapi"] == "3.1.0"
    documented = {f"/api/v1{path}" for path, item in doc["paths"].items() if "get" in item}
    ours = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
            if rule.endpoint.split(".")[0] in API_BLUEPRINTS and "GET" in rule.methods}
    ours = {path.replace("{filename}", name) for path in ours for name in
            ([p.rsplit("/", 1)[1] for p in documented if p.startswith("/api/v1/exports/")]
             if "{filename}" in path else [""])}
    assert ours == documented
    writes = {(method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)) for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in API_BLUEPRINTS
              for method in rule.methods - {"GET", "HEAD", "OPTIONS"}}
    assert writes == {(method.upper(), f"/api/v1{path}") for path, item in doc["paths"].items()
                      for method in item if method != "get"}
    assert {"POST"} <= {method for method, _path in writes}


def test_docs_page_shows_every_operation(client):
    doc = orjson.loads(client.get("/api/v1/openapi.json").data)
    page = client.get("/api/v1/docs").get_data(as_text=True)
    for path in doc["paths"]:
        assert f"/api/v1{path}</code>" in page
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name}"' in page


def _conforms(name: str, body: object) -> None:
    schema = {"$ref": f"#/components/schemas/{name}", "components": API_DOCUMENT["components"]}
    jsonschema_rs.validator_for(orjson.loads(orjson.dumps(schema))).validate(body)


def _documented(path: str, method: str, status: int) -> bool:
    return str(status) in API_DOCUMENT["paths"][path][method]["responses"]


@pytest.fixture
def guarded(app, session, tmp_path, configure):
    """The protections the fuzzing switches off: proof of work on (made easy), a small rate limit."""
    configure(app, PROOF_OF_WORK="on", POW_MAX_NUMBER=2000, RATE_LIMIT_SUBMIT="3 per hour",
              MEDIA_DIR=str(tmp_path / "media"))
    limiter.reset()
    yield app.test_client()
    limiter.reset()


def test_proof_of_work_and_rate_limit_answer_as_documented(guarded):
    body = {"lat": 60.1699, "lon": 24.9384, "camera_type": "dome", "capabilities": ["night_vision"]}
    unsolved = guarded.post("/api/v1/submissions", json=body)
    assert unsolved.status_code == 400 and _documented("/submissions", "post", 400)
    _conforms("Error", unsolved.get_json())
    assert unsolved.get_json()["error"] == "proof_of_work_failed"

    challenge = guarded.get("/api/v1/challenge").get_json()
    _conforms("Challenge", challenge)
    assert challenge["required"] is True and challenge["header"] == "X-Altcha"
    created = guarded.post("/api/v1/submissions", json=body, headers={"X-Altcha": pow.solve(challenge)})
    assert created.status_code == 201, created.get_json()
    _conforms("SubmissionReceipt", created.get_json())
    status = guarded.get(created.headers["Location"])
    assert status.status_code == 200
    _conforms("SubmissionStatus", status.get_json())

    replayed = guarded.post("/api/v1/cameras/1/reports", json={"kind": "gone"},
                            headers={"X-Altcha": pow.solve(challenge)})
    assert replayed.status_code == 400, "a solution works once"
    limited = guarded.post("/api/v1/submissions", json=body, headers={"X-Altcha": pow.solve(
        guarded.get("/api/v1/challenge").get_json())})
    assert limited.status_code == 429 and _documented("/submissions", "post", 429)
    _conforms("Error", limited.get_json())
