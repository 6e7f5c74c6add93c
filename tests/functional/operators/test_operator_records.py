"""Writing operator records: revisions for every change, idempotent documents/claims, vendor links."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cameramap.domain.errors import UsageError
from cameramap.domain.records import Actor, ClaimRecord
from cameramap.services.accountability import records
from cameramap.storage.accountability import OperatorDocument, OperatorRevision, Vendor
from cameramap.storage.models import CapabilityClaim
from tests.factories import make_camera

ACTOR = Actor("moderator", "mod")


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_each_change_is_a_revision_and_no_change_is_none(session):
    operator = make_camera(session, operator="Revised operator").operator
    assert records.update_operator(session, operator.id, {"retention_period": "30 days"}, ACTOR, "FOI answer")
    assert not records.update_operator(session, operator.id, {"retention_period": " 30 days "}, ACTOR)
    revisions = list(
        session.scalars(select(OperatorRevision).where(OperatorRevision.operator_id == operator.id))
    )
    assert len(revisions) == 1
    assert (
        revisions[0].before["retention_period"] is None
        and revisions[0].after["retention_period"] == "30 days"
    )


@pytest.mark.parametrize(
    ("changes", "parameter"),
    [
        ({"name": "x"}, "name"),
        ({"kind": "alien"}, "kind"),
        ({"website": "javascript:alert(1)"}, "website"),
    ],
)
def test_bad_changes_are_refused(session, changes, parameter):
    operator = make_camera(session, operator="Careful operator").operator
    with pytest.raises(UsageError) as err:
        records.update_operator(session, operator.id, changes, ACTOR)
    assert err.value.parameter == parameter


def test_documents_and_claims_are_not_repeated(session):
    operator = make_camera(session, operator="Repeated operator").operator
    for _ in range(2):
        records.add_document(
            session, operator.id, "foi_answer", "Answer 17/2023", "https://foi.example/17", "2023-05-04"
        )
        records.add_operator_claim(
            session,
            operator.id,
            "central_platform_link",
            "likely",
            "foi_answer",
            "All cameras feed the city platform",
            vendor="City Platform",
        )
    session.commit()
    assert count(session, OperatorDocument) == 1
    claims = session.scalars(select(CapabilityClaim).where(CapabilityClaim.operator_id == operator.id)).all()
    assert len(claims) == 1 and claims[0].vendor_entity.name == "City Platform"


def test_documents_refuse_bad_links_kinds_and_dates(session):
    operator = make_camera(session, operator="Strict operator").operator
    for kwargs, parameter in (
        ({"url": "ftp://x"}, "url"),
        ({"published_on": "May 2020"}, "published_on"),
        ({"kind": "rumour"}, "kind"),
    ):
        args = {"kind": "news", "doc_title": "t", **kwargs}
        with pytest.raises(UsageError) as err:
            records.add_document(session, operator.id, **args)
        assert err.value.parameter == parameter


def test_free_text_vendors_are_linked_to_known_vendors(session):
    make_camera(
        session,
        operator="Linked operator",
        claims=[ClaimRecord("licence_plate_recognition", "likely", "osm_tag", "ALPR", vendor="flock safety")],
    )
    records.ensure_vendor(session, "Flock Safety", country="United States")
    session.commit()
    assert records.link_claim_vendors(session) == 1
    claim = session.scalar(select(CapabilityClaim).where(CapabilityClaim.vendor == "flock safety"))
    assert claim.vendor_entity == session.scalar(select(Vendor).where(Vendor.name == "Flock Safety"))
