"""An operator documented like Moscow's: cameras, an operator-wide FindFace claim, documents, a contract."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cameramap.domain.records import Actor, ClaimRecord
from cameramap.services.accountability import records
from cameramap.storage.models import Camera, Operator
from tests.factories import make_camera

OPERATOR = "Test City IT Department"


@dataclass
class Documented:
    operator: Operator
    cameras: list[Camera]


@pytest.fixture
def documented(session) -> Documented:
    cameras = [
        make_camera(
            session,
            operator=OPERATOR,
            lon=37.6173 + i * 0.001,
            lat=55.7558,
            camera_type=kind,
            claims=[ClaimRecord("night_vision", "likely", "photo", "IR ring visible", vendor="Hikvision")],
        )
        for i, kind in enumerate(["dome", "dome", "fixed"])
    ]
    operator = cameras[0].operator
    records.update_operator(
        session,
        operator.id,
        {
            "kind": "municipal",
            "jurisdiction": "Moscow, Russia",
            "data_controller": "Test City Government",
            "legal_basis": "Decree 410",
            "retention_period": "5 days",
            "access_contact": "1 Main Street, Moscow",
        },
        Actor("moderator", "mod"),
        reason="documented from the operator's site",
    )
    records.ensure_vendor(session, "TestLab", country="Russia", website="https://testlab.example/")
    records.ensure_vendor(session, "TestFace", kind="system", maker="TestLab")
    records.add_operator_claim(
        session,
        operator.id,
        "face_recognition",
        "confirmed",
        "official_registry",
        "All city cameras feed TestFace",
        "https://city.example/news/1",
        vendor="TestFace",
    )
    records.add_document(
        session,
        operator.id,
        "procurement_record",
        "Purchase of face recognition licences",
        "https://zakupki.example/123",
        "2019-11-20",
        "Licences for 1,000 streams",
        vendor="TestLab",
    )
    records.add_document(session, operator.id, "news", "City rolls out face recognition", None, "2020-01-15")
    records.add_contract(
        session,
        operator.id,
        "Face recognition platform",
        vendor="TestFace",
        reference="0173200001419000123",
        amount="3200000000",
        currency="rub",
        signed_on="2019-12-01",
    )
    session.commit()
    return Documented(operator, cameras)
