"""Hostile text everywhere: the payloads of tests/xss/payloads.json (built by tests/xss/build_corpus.py)
are stored through the services in every text field, then Chromium shows every page that displays
them: no script runs (window.__xss unset), no dialog opens, no CSP violation, no request to another
host, and each stored string is on the page exactly (as text; whitespace folded, and `_` shown as a
space where a vocabulary value is expected).

Each stored value is `payload + " ~<row>.<field>"`, so a value is only found where it belongs.
Camera `i` holds payload `i + k` in its field `k` (notes, operator, manufacturer, model, zone, mount,
source name/attribution/licence, raw tag key and value, claim evidence and vendor, source record id):
every payload passes through every camera field. Operators (record fields and documents),
vendors, submissions (operator, notes, evidence for each capability; some approved) and gazetteer
answers (the city in the geocoder's label) carry every payload in at least one of their fields.
Pages are chosen so that each payload is shown at least once on each kind of page: map popups,
camera pages, /sources, /operators and operator pages, /vendors, the moderation queue, submission
and camera pages, the submit form's geocoder answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cameramap.domain.geo import Point
from cameramap.domain.records import Actor, CameraRecord, ClaimRecord, SourceSpec
from cameramap.services.accountability import records
from cameramap.services.imports.store import import_records
from cameramap.services.moderation import accounts, review
from cameramap.services.submissions import intake
from cameramap.services.submissions.fields import parse_draft
from cameramap.storage.models import Camera, Provenance
from tests.browser.conftest import foreign_requests

pytestmark = pytest.mark.browser

PAYLOADS: list[str] = json.loads((Path(__file__).parents[1] / "xss" / "payloads.json").read_text("utf-8"))
N = len(PAYLOADS)
CAMERA_FIELDS = ("notes", "operator", "manufacturer", "model", "surveillance_zone", "camera_mount",
                 "source_name", "source_attribution", "source_licence", "tag_value", "tag_key",
                 "evidence_text", "vendor", "source_record_id")
OPERATOR_FIELDS = ("jurisdiction", "data_controller", "legal_basis", "retention_period", "access_contact",
                   "notes")
CAPABILITIES = ("face_recognition", "licence_plate_recognition", "ptz_zoom", "night_vision", "audio",
                "analytics", "central_platform_link")
SUBMISSION_FIELDS = ("operator", "notes", *CAPABILITIES)
PER_OPERATOR = 30  # an operator page shows 6 record fields and 12 documents (title and summary)
PER_POPUP = 6  # a popup shows 6 to 8 of a camera's fields
SHORT = {"surveillance_zone": 64, "camera_mount": 64}
ORIGIN = (10.0, 50.0)  # far from the Helsinki demo data; ~500 cameras in one map view
MODERATOR = ("xss-moderator", "a long enough password 123")

MONITOR = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && parent.closest("script,style,template,noscript")) { continue; }
    out.push(node.data);
  }
  return out.join("\\u0001");
}"""


def tagged(index: int, kind: int) -> str:
    return f"{PAYLOADS[index % N]} ~{index % N}.{kind}"


def folded(text: str) -> str:
    return " ".join(text.split())


def words(text: str) -> str:
    return text.replace("_", " ")


@dataclass
class Corpus:
    """What was stored where: camera id -> {field: value}, and the other records' values."""

    cameras: dict[int, dict[str, str]] = field(default_factory=dict)
    operators: dict[int, list[str]] = field(default_factory=dict)
    submissions: dict[int, dict[str, str]] = field(default_factory=dict)
    approved: dict[int, dict[str, str]] = field(default_factory=dict)
    vendors: list[str] = field(default_factory=list)


def camera_values(i: int) -> dict[str, str]:
    values = {name: tagged(i + k, k) for k, name in enumerate(CAMERA_FIELDS)}
    for name, limit in SHORT.items():
        if len(values[name]) > limit:
            values.pop(name)
    return values


def store_camera(session, i: int) -> tuple[Camera, dict[str, str]]:
    v = camera_values(i)
    spec = SourceSpec(name=v["source_name"], kind="open_data", url=PAYLOADS[i], licence=v["source_licence"],
                      attribution=v["source_attribution"])
    point = Point(ORIGIN[0] + (i % 25) * 0.0004, ORIGIN[1] + (i // 25) * 0.0003)
    record = CameraRecord(
        point=point, source_record_id=v["source_record_id"], surveillance_type="camera",
        surveillance_zone=v.get("surveillance_zone"), camera_mount=v.get("camera_mount"),
        manufacturer=v["manufacturer"], model=v["model"], operator=v["operator"], notes=v["notes"],
        tags={v["tag_key"]: v["tag_value"]},
        claims=[ClaimRecord("night_vision", "claimed", "sign", v["evidence_text"], PAYLOADS[i], v["vendor"])])
    import_records(session, spec, [record], complete=False)
    link = session.query(Provenance).filter_by(source_record_id=record.source_record_id).one()
    return link.camera, v


def describe_operator(session, camera: Camera, i: int, actor: Actor) -> list[str]:
    """Fill an operator's record and documents with payloads i .. i + PER_OPERATOR - 1."""
    changes = {name: tagged(i + k, 20 + k) for k, name in enumerate(OPERATOR_FIELDS)}
    records.update_operator(session, camera.operator_id, changes, actor, reason=tagged(i, 30))
    shown = [camera.operator.name, *changes.values()]
    for k in range(len(OPERATOR_FIELDS), PER_OPERATOR, 2):
        document = records.add_document(session, camera.operator_id, "news", tagged(i + k, 31),
                                                 url=None, summary=tagged(i + k + 1, 32))
        shown += [document.title, document.summary]
    return shown


def build_corpus(live_server) -> Corpus:
    corpus = Corpus()
    actor = Actor("moderator", "xss test")
    with live_server.session() as session:
        for i in range(N):
            camera, values = store_camera(session, i)
            corpus.cameras[camera.id] = values
            if i % PER_OPERATOR == 0:
                corpus.operators[camera.operator_id] = describe_operator(session, camera, i, actor)
        for i in range(N):
            corpus.vendors.append(records.ensure_vendor(session, tagged(i, 40)).name)
        moderator = accounts.add_moderator(session, *MODERATOR)
        for i in range(N):
            values = {name: tagged(i + k, 50 + k) for k, name in enumerate(SUBMISSION_FIELDS)}
            body = {"lat": ORIGIN[1] - 0.01 - (i // 25) * 0.0003, "lon": ORIGIN[0] + (i % 25) * 0.0004,
                    "operator": values["operator"], "notes": values["notes"],
                    "capabilities": [{"capability": c, "evidence": values[c]} for c in CAPABILITIES]}
            receipt = intake.create(session, parse_draft(body), "api")
            corpus.submissions[receipt.submission.id] = values
        for submission_id in list(corpus.submissions)[:12]:
            reason = tagged(submission_id, 60)
            camera = review.approve(session, submission_id, moderator, reason=reason)
            corpus.approved[camera.id] = corpus.submissions.pop(submission_id) | {"reason": reason}
        session.commit()
    return corpus


@pytest.fixture(scope="module")
def corpus(live_server) -> Corpus:
    return build_corpus(live_server)


@dataclass
class Checker:
    page: Any
    base: str
    pages: int = 0
    shown: int = 0
    problems: list[str] = field(default_factory=list)

    def text(self) -> str:
        return self.page.evaluate(VISIBLE_TEXT)

    def verdict(self, where: str) -> None:
        state = self.page.evaluate("() => ({xss: window.__xss === undefined ? null : String(window.__xss),"
                                   " csp: window.__csp || []})")
        if state["xss"] is not None:
            self.problems.append(f"{where}: window.__xss was set to {state['xss']}")
        if state["csp"]:
            self.problems.append(f"{where}: CSP violations {state['csp'][:3]}")
        if self.page.dialogs:
            self.problems.append(f"{where}: dialogs {self.page.dialogs[:3]}")
            self.page.dialogs.clear()

    def expect(self, where: str, text: str, expected: list[str]) -> None:
        pieces = folded(text.replace("\u0001", "\n\u0001\n")).split("\u0001")
        joined = "\u0001".join(folded(p) for p in pieces)
        for value in expected:
            self.shown += 1
            if folded(value) not in joined:
                self.problems.append(f"{where}: not shown exactly: {value!r}")

    def visit(self, path: str, expected: list[str]) -> str:
        self.page.goto(self.base + path, wait_until="load")
        self.pages += 1
        self.page.wait_for_timeout(30)  # onerror/onfocus/ontoggle handlers of any injected markup
        text = self.text()
        self.expect(path, text, expected)
        self.verdict(path)
        return text


def camera_page_values(v: dict[str, str]) -> list[str]:
    shown = [v[name] for name in ("notes", "operator", "manufacturer", "model", "source_name",
                                  "source_attribution", "source_licence", "tag_value", "tag_key",
                                  "evidence_text", "vendor", "source_record_id")]
    return shown + [words(v[name]) for name in SHORT if name in v]


def popup_values(v: dict[str, str]) -> list[str]:
    shown = [v[name] for name in ("notes", "operator", "source_name", "source_licence", "evidence_text",
                                  "source_record_id")]
    return shown + [words(v[name]) for name in SHORT if name in v]


POPUPS = """async (ids) => {
  const out = {};
  for (const id of ids) {
    if (!window.cameramap.openPopup(id)) { out[id] = null; continue; }
    let box = null;
    for (let t = 0; t < 200 && !box; t++) {
      box = document.querySelector('.cm-panel-details .cm-popup[data-camera-id="' + id + '"]');
      if (!box) { await new Promise(r => setTimeout(r, 10)); }
    }
    const walker = document.createTreeWalker(box || document.body, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) { parts.push(n.data); }
    out[id] = box ? parts.join("\\u0001") : null;
    window.cameramap.closeDetails();
  }
  return out;
}"""


def check_map(check: Checker, corpus: Corpus) -> None:
    cameras = dict(list(corpus.cameras.items())[::PER_POPUP])  # camera i shows payloads i..i+13
    lon, lat = ORIGIN[0] + 0.005, ORIGIN[1] + 0.0028
    check.page.goto(f"{check.base}/#16/{lat}/{lon}", wait_until="load")
    check.page.wait_for_function("() => window.cameramap && window.cameramap.state.loads > 0"
                                 " && !window.cameramap.state.loading")
    texts = check.page.evaluate(POPUPS, [str(i) for i in cameras])
    check.pages += 1
    for camera_id, values in cameras.items():
        text = texts.get(str(camera_id))
        if text is None:
            check.problems.append(f"map: no popup for camera {camera_id}")
            continue
        check.expect(f"popup {camera_id}", text, popup_values(values))
    check.page.wait_for_timeout(50)
    check.verdict("map popups")


def log_in(check: Checker) -> None:
    check.page.goto(check.base + "/moderate/login")
    check.page.fill("input[name=name]", MODERATOR[0])
    check.page.fill("input[name=password]", MODERATOR[1])
    check.page.click("button[type=submit], input[type=submit]")
    check.page.wait_for_url("**/moderate")


def test_no_payload_runs_and_each_is_shown_exactly(page, live_server, corpus: Corpus) -> None:
    assert N >= 300
    page.add_init_script(MONITOR)
    check = Checker(page, live_server.url)

    check_map(check, corpus)
    ids = list(corpus.cameras)
    for camera_id in ids[::len(CAMERA_FIELDS)]:  # camera i shows payloads i..i+13: every payload once
        check.visit(f"/cameras/{camera_id}", camera_page_values(corpus.cameras[camera_id]))
    for camera_id, values in corpus.approved.items():
        check.visit(f"/cameras/{camera_id}", [values[k] for k in SUBMISSION_FIELDS])
    all_values = list(corpus.cameras.values())
    check.visit("/sources", [v[k] for v in all_values for k in ("source_name", "source_attribution",
                                                                 "source_licence")])
    check.visit("/operators", [v["operator"] for v in all_values])
    for operator_id, values in corpus.operators.items():
        check.visit(f"/operators/{operator_id}", values)
    check.visit("/vendors", corpus.vendors)
    for path in ("/stats", "/compare", "/moderation/stats", "/submit"):
        check.visit(path, [])

    log_in(check)
    text = check.visit("/moderate", [])
    listed = page.evaluate("() => [...document.querySelectorAll('tr[id^=submission-]')]"
                           ".map(r => Number(r.id.split('-')[1]))")
    assert listed, "the moderation queue lists no submissions"
    check.expect("/moderate", text, [corpus.submissions[i]["operator"] for i in listed
                                     if i in corpus.submissions])
    for submission_id in list(corpus.submissions)[::len(SUBMISSION_FIELDS)]:
        check.visit(f"/moderate/submissions/{submission_id}",
                    list(corpus.submissions[submission_id].values()))
    for camera_id, values in corpus.approved.items():  # its revisions, with the moderator's reason
        check.visit(f"/moderate/cameras/{camera_id}", [values["reason"]])

    foreign = foreign_requests(page.requests, live_server.url)
    assert not foreign, f"requests to other hosts: {foreign[:5]}"
    assert not check.problems, f"{len(check.problems)} problems on {check.pages} pages:\n" + "\n".join(
        check.problems[:40])
    assert check.shown >= 3 * N  # every payload was checked on several pages
    print(f"\nXSS corpus: {N} payloads, {check.shown} displayed values checked on {check.pages} pages")


def street_of(i: int) -> str:
    letters = ""
    for _ in range(3):
        i, rest = divmod(i, 26)
        letters += chr(ord("a") + rest)
    return f"Xss{letters}vagen"


GEOCODE = """async (queries) => {
  const out = {};
  const input = document.querySelector("[name=address]") || document.getElementById("address");
  const status = document.getElementById("geocode-status");
  for (const [key, query] of queries) {
    status.textContent = "";
    input.value = query;
    document.getElementById("locate-button").click();
    for (let t = 0; t < 300 && !/^(Found|No place|Address)/.test(status.textContent); t++) {
      await new Promise(r => setTimeout(r, 10));
    }
    out[key] = status.textContent;
  }
  return out;
}"""


def test_geocoder_answers_stay_text_in_the_submit_form(page, live_server, tmp_path) -> None:
    import csv

    from cameramap.services.geocoding import build_gazetteer

    path = tmp_path / "hostile-addresses.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["street", "housenumber", "city", "lat", "lon"])
        for i in range(N):
            writer.writerow([street_of(i), "1", tagged(i, 70), f"{60.16 + i * 1e-5:.6f}", "24.93"])
    with live_server.session() as session:
        build_gazetteer(session, path, force=True)
    page.add_init_script(MONITOR)
    check = Checker(page, live_server.url)
    check.visit("/submit", [])
    answers = page.evaluate(GEOCODE, [[str(i), f"{street_of(i)} 1"] for i in range(N)])
    for i in range(N):
        text = answers[str(i)]
        if not text.startswith("Found"):
            check.problems.append(f"geocoder: {street_of(i)} not found: {text!r}")
            continue
        check.expect(f"geocoder answer {i}", text, [tagged(i, 70)])
    check.verdict("submit form with geocoder answers")
    assert not check.problems, "\n".join(check.problems[:40])
