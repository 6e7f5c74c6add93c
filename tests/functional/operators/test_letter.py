"""The "request your data" letter: form, printable page, plain text; nothing typed is stored."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from cameramap.storage.accountability import OperatorRevision
from cameramap.storage.models import Camera, Operator
from tests.factories import make_camera

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return TOKEN.search(response.get_data(as_text=True)).group(1)


def post(client, operator_id: int, **form):
    path = f"/operators/{operator_id}/letter"
    return client.post(path, data={"csrf_token": token(client, path), **form})


def test_form_is_prefilled_from_a_camera_page_link(client, documented):
    camera = documented.cameras[1]
    response = client.get(f"/operators/{documented.operator.id}/letter?camera={camera.id}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'name="camera" value="{camera.id}"' in text
    assert f"{camera.lat:.6f}, {camera.lon:.6f}" in text
    assert 'value="ru_152fz_art14" checked' in text  # Moscow's jurisdiction suggests 152-FZ


def test_printable_letter_names_operator_camera_and_moment(client, session, documented):
    camera = documented.cameras[0]
    before = {
        model: session.scalar(select(func.count()).select_from(model))
        for model in (Operator, Camera, OperatorRevision)
    }
    response = post(
        client,
        documented.operator.id,
        kind="gdpr_art15",
        camera=str(camera.id),
        date="2024-03-02",
        time="08:15",
        place="metro exit 3",
        name="Ivan Petrov",
        address="Flat 1, 2 Road",
        email="ivan@example.org",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200, text[:300]
    assert response.headers["Cache-Control"] == "no-store"
    for needed in (
        "Article 15",
        "Test City Government",
        "1 Main Street, Moscow",
        f"{camera.lat:.6f}",
        f"{camera.lon:.6f}",
        f"/cameras/{camera.id}",
        "2024-03-02",
        "08:15",
        "metro exit 3",
        "Ivan Petrov",
        "Flat 1, 2 Road",
        "ivan@example.org",
        "Decree 410",
        "5 days",
    ):
        assert needed in text, needed
    after = {
        model: session.scalar(select(func.count()).select_from(model))
        for model in (Operator, Camera, OperatorRevision)
    }
    assert after == before


def test_plain_text_download(client, documented):
    response = post(client, documented.operator.id, kind="ru_152fz_art14", date="2024-03-02", format="txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert "152-ФЗ" in body and "2024-03-02" in body and "[широта]" in body


def test_every_kind_renders_from_the_page(client, documented):
    for kind in ("gdpr_art15", "ru_152fz_art14", "uk_foi", "us_public_records"):
        response = post(client, documented.operator.id, kind=kind, format="txt", law="Illinois FOIA")
        assert response.status_code == 200, kind


def test_bad_input_redisplays_the_form_with_the_reason(client, documented):
    response = post(client, documented.operator.id, date="2024-02-30", name="Kept Name")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "YYYY-MM-DD" in text and 'value="Kept Name"' in text


def test_a_camera_of_another_operator_is_404(client, session, documented):
    other = make_camera(session, operator="Someone else")
    response = post(client, documented.operator.id, camera=str(other.id))
    assert response.status_code == 404
    assert client.get(f"/operators/{documented.operator.id}/letter?camera=abc").status_code == 404


def test_posting_without_csrf_token_is_refused(client, documented):
    response = client.post(f"/operators/{documented.operator.id}/letter", data={"kind": "uk_foi"})
    assert response.status_code == 400
