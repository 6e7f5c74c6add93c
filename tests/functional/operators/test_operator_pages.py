"""Operator and vendor pages: counts, claims with evidence and vendor, documents, contracts, history."""

from __future__ import annotations

import re

from cameramap.domain.records import Actor
from cameramap.services.accountability import records
from cameramap.services.accountability.operators import operator_page
from tests.factories import make_camera

HOSTILE = "<img src=x onerror=alert(1)>{{7*7}}"


def html(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_operator_page_shows_accountability(client, documented):
    page = html(client, f"/operators/{documented.operator.id}")
    for text in (
        "Test City IT Department",
        "Test City Government",
        "Decree 410",
        "5 days",
        "1 Main Street, Moscow",
        "face recognition",
        "confirmed",
        "All city cameras feed TestFace",
        "https://city.example/news/1",
        "Purchase of face recognition licences",
        "2019-11-20",
        "City rolls out face recognition",
        "0173200001419000123",
        "3,200,000,000 RUB",
        "TestFace",
        "TestLab",
        "Hikvision",
        "photo",
        "documented from the operator&#39;s site",
        "operator-map",
    ):
        assert text in page, text
    assert f'data-operator="{documented.operator.id}"' in page


def test_counts_by_type_status_and_capability(session, documented):
    page = operator_page(session, documented.operator.id)
    assert page.cameras == 3
    assert dict(page.by_type) == {"dome": 2, "fixed": 1}
    assert dict(page.by_status) == {"reported": 3}
    # the operator-wide claim covers every camera; night vision is claimed per camera
    assert dict(page.by_capability) == {"face_recognition": 3, "night_vision": 3}
    assert [v.name for v in page.vendors] == ["TestFace", "TestLab"]
    assert page.vendor_names == ["Hikvision"]
    assert page.documents[0].published_on.isoformat() == "2020-01-15"  # newest first
    assert page.history and page.history[0].changes["retention_period"] == (None, "5 days")


def test_the_operator_wide_claim_is_inherited_by_its_cameras(client, documented):
    body = client.get(f"/api/v1/cameras/{documented.cameras[0].id}").get_json()
    inherited = [c for c in body["properties"]["capabilities"] if c["inherited"]]
    assert [(c["capability"], c["vendor"]) for c in inherited] == [("face_recognition", "TestFace")]


def test_vendor_page_links_systems_operators_and_claims(client, session, documented):
    page = operator_page(session, documented.operator.id)
    maker = next(v for v in page.vendors if v.name == "TestLab")
    text = html(client, f"/vendors/{maker.id}")
    for needed in (
        "TestLab",
        "TestFace",
        "Test City IT Department",
        "face recognition",
        "Purchase of face recognition licences",
        "Face recognition platform",
    ):
        assert needed in text, needed
    listing = html(client, "/vendors")
    assert "TestFace" in listing and "TestLab" in listing


def test_operator_list(client, documented):
    text = html(client, "/operators")
    row = re.search(
        r"Test City IT Department</a></td>\s*<td data-label=\"Kind\">municipal</td>"
        r"<td data-label=\"Jurisdiction\">Moscow, Russia</td>\s*"
        r"<td class=\"number\" data-label=\"Cameras\">(\d+)</td>",
        text,
    )
    assert row and row.group(1) == "3"


def test_hostile_text_is_escaped(client, session):
    camera = make_camera(session, operator=HOSTILE)
    operator = camera.operator
    records.update_operator(
        session, operator.id, {"notes": HOSTILE, "legal_basis": HOSTILE}, Actor("moderator"), reason=HOSTILE
    )
    records.add_document(session, operator.id, "news", HOSTILE, summary=HOSTILE, vendor=HOSTILE)
    session.commit()
    for path in (f"/operators/{operator.id}", "/operators", "/vendors", f"/operators/{operator.id}/letter"):
        text = html(client, path)
        assert "<img src=x" not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_unknown_ids_are_404(client, session):
    html(client, "/operators/999999", 404)
    html(client, "/operators/99999999999", 404)
    html(client, "/vendors/999999", 404)


def test_an_operator_without_cameras_renders(client, session):
    from cameramap.services.registry.cameras import operator_named

    operator = operator_named(session, "Empty operator")
    session.commit()
    text = html(client, f"/operators/{operator.id}")
    assert "No capability claims recorded." in text and "operator-map" not in text
