"""Technology with no place and vendor partnerships on operator and vendor pages (EN and RU, escaped) and
in the JSON API (/api/v1/operators/<id>, /api/v1/vendors, /api/v1/vendors/<id>)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import jsonschema_rs
import orjson
import pytest
from sqlalchemy import select

from cameramap.api import openapi
from cameramap.services.accountability.seed import load_seed
from cameramap.storage.models import Operator, Vendor

OPERATORS = Path(__file__).resolve().parents[3] / "data" / "operators"
HOSTILE = "<img src=x onerror=alert(1)>{{7*7}}"
MET = "Metropolitan Police Service"


@pytest.fixture
def loaded(session):
    for name in ("london.yaml", "moscow.yaml"):
        load_seed(session, OPERATORS / name)
    return session


COMPONENTS = openapi.document("http://localhost/api/v1", max_limit=1000, default_limit=100,
                              version="1")["components"]


def conforms(name: str, body: object) -> None:
    schema = {"$ref": f"#/components/schemas/{name}", "components": COMPONENTS}
    jsonschema_rs.validator_for(orjson.loads(orjson.dumps(schema))).validate(body)


def named(session, model, name: str):
    return session.scalar(select(model).where(model.name == name))


def text(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def test_the_met_page_lists_its_technology_with_status_dates_and_evidence(client, loaded):
    met = named(loaded, Operator, MET)
    page = text(client, f"/operators/{met.id}")
    section = page[page.index('id="technology"'):page.index("Vendors and systems</h2>")]
    for expected in ("live face recognition from vans", "retrospective face search", "body-worn cameras",
                     "2016-08 – 2019", "since 2020-01", "since 2016", "status-trial", "status-in_use",
                     "Independent Report on the London Metropolitan Police Service", "[2020] EWCA Civ 1058",
                     'href="https://www.bailii.org/ew/cases/EWCA/Civ/2020/1058.html"', "NEC NeoFace Live"):
        assert expected in section, expected
    assert section.index("status-in_use") < section.index("status-trial")  # in use first
    history = page[page.index("History of this record"):]
    assert "body-worn cameras</span>: — → in use" in history.replace('<span class="field">', "")
    assert "evidence</span>: — → Independent Report on the London" in history


def test_the_russian_page_names_technology_and_status_in_russian(client, loaded):
    met = named(loaded, Operator, MET)
    page = text(client, f"/operators/{met.id}?lang=ru")
    section = page[page.index('id="technology"'):]
    for english in ("live face recognition from vans", "body-worn cameras", ">in use<",
                    "Technology with no place on the map", "since 2020-01"):
        assert english not in section, english
    assert "2020-01" in section


def test_vendor_pages_show_supplied_technology_and_partnerships(client, loaded):
    clearview = named(loaded, Vendor, "Clearview AI")
    page = text(client, f"/vendors/{clearview.id}")
    assert "face search against scraped photos" in page and "regulator&#39;s decision" in page
    assert "£7.5m" in page and "2022-05-23" in page and "no operator named" in page
    ntechlab, genetec = named(loaded, Vendor, "NtechLab"), named(loaded, Vendor, "Genetec")
    page = text(client, f"/vendors/{ntechlab.id}")
    partnerships = page[page.index('id="partnerships"'):]
    assert f'href="/vendors/{genetec.id}">Genetec</a>' in partnerships and "undated" in partnerships
    assert "2016 – 2018" in page  # FindFace's public app, a system of NtechLab
    back = text(client, f"/vendors/{genetec.id}")
    assert f'href="/vendors/{ntechlab.id}">NtechLab</a>' in back[back.index('id="partnerships"'):]
    neoface = named(loaded, Vendor, "NEC NeoFace Live")
    page = text(client, f"/vendors/{neoface.id}")
    assert MET in page[page.index('id="technology"'):] and "South Wales Police" in page
    listing = text(client, "/vendors")
    row = listing[listing.index(f'<tr><td data-label="Name"><a href="/vendors/{ntechlab.id}">'):]
    assert "Genetec" in row[:row.index("</tr>")]
    row = listing[listing.index(f'<tr><td data-label="Name"><a href="/vendors/{clearview.id}">'):]
    assert "face search against scraped photos" in row[:row.index("</tr>")]


def test_claim_text_is_escaped(client, session, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(textwrap.dedent(f"""
        vendors:
          - name: "{HOSTILE}"
            documents:
              - kind: news
                title: "{HOSTILE} report"
        operators:
          - name: Escaped Police
            technology:
              - technology: face_recognition_glasses
                status: reported
                vendor: "{HOSTILE}"
                summary: "{HOSTILE}"
                evidence: ["{HOSTILE} report"]
        """), encoding="utf-8")
    load_seed(session, path)
    operator, vendor = named(session, Operator, "Escaped Police"), named(session, Vendor, HOSTILE)
    for page in (text(client, f"/operators/{operator.id}"), text(client, f"/vendors/{vendor.id}")):
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;{{7*7}}" in page
        assert "49" not in page.replace("2049", "")


def test_the_operator_api_lists_technology(client, loaded):
    met = named(loaded, Operator, MET)
    body = client.get(f"/api/v1/operators/{met.id}").get_json()
    conforms("OperatorDetail", body)
    by_status = {(t["technology"], t["status"]): t for t in body["technology"]}
    trial = by_status["mobile_live_face_recognition", "trial"]
    assert (trial["since"], trial["until"]) == ("2016-08", "2019")
    assert trial["vendor"]["name"] == "NEC NeoFace Live"
    assert trial["operator"] == {"id": str(met.id), "name": MET, "url": f"/operators/{met.id}"}
    assert trial["evidence"][0]["kind"] == "report"
    live = by_status["mobile_live_face_recognition", "in_use"]
    bridges = [e for e in live["evidence"] if "EWCA" in e["title"]][0]
    assert bridges == {"kind": "court_ruling", "published_on": "2020-08-11",
                       "title": "R (Bridges) v Chief Constable of South Wales Police [2020] EWCA Civ 1058",
                       "url": "https://www.bailii.org/ew/cases/EWCA/Civ/2020/1058.html"}
    assert {"retrospective_face_search", "body_worn_camera"} <= {t["technology"] for t in body["technology"]}


def test_the_vendor_api(client, loaded):
    listing = client.get("/api/v1/vendors").get_json()
    conforms("VendorList", listing)
    by_name = {v["name"]: v for v in listing["vendors"]}
    assert listing["numberReturned"] == len(by_name) == 6
    assert [p["name"] for p in by_name["NtechLab"]["partners"]] == ["Genetec"]
    assert by_name["Clearview AI"]["technology"] == ["scraped_face_search"]
    assert by_name["FindFace"]["maker"]["name"] == "NtechLab"
    ntechlab = client.get(f"/api/v1/vendors/{by_name['NtechLab']['id']}").get_json()
    conforms("VendorDetail", ntechlab)
    assert [s["name"] for s in ntechlab["systems"]] == ["FindFace"]
    (link,) = ntechlab["partnerships"]
    assert (link["kind"], link["since"], link["partner"]["name"]) == ("partnership", None, "Genetec")
    (findface,) = ntechlab["technology"]
    assert (findface["status"], findface["since"], findface["until"]) == ("ended", "2016", "2018")
    assert ntechlab["operators"][0]["name"] == "Moscow Department of Information Technologies"
    clearview = client.get(f"/api/v1/vendors/{by_name['Clearview AI']['id']}").get_json()
    conforms("VendorDetail", clearview)
    assert clearview["technology"][0]["evidence"][0]["kind"] == "regulator_decision"
    assert clearview["technology"][0]["operator"] is None


@pytest.mark.parametrize(("path", "status"), [("/api/v1/vendors/0", 404), ("/api/v1/vendors/abc", 404),
                                              ("/api/v1/vendors/99999", 404), ("/api/v1/vendors?x=1", 400)])
def test_the_vendor_api_refuses_what_is_not_there(client, path, status):
    response = client.get(path)
    assert response.status_code == status and response.get_json()["error"]
