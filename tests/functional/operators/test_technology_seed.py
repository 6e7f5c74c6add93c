"""Technology with no place and vendor partnerships from operator YAML: loaded with their evidence, the
same on reload, a changed claim is an operator revision, and every bad entry is named with its reason."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from cameramap.cli import main
from cameramap.domain.errors import UsageError
from cameramap.services.accountability.seed import load_seed
from cameramap.storage.accountability import OperatorDocument, OperatorRevision
from cameramap.storage.models import Operator, Vendor
from cameramap.storage.technology import TechnologyClaim, VendorPartnership

GOOD = """
vendors:
  - name: FaceCo
    kind: vendor
    documents:
      - kind: regulator_decision
        title: Regulator fines FaceCo
        published_on: 2022-05-23
    technology:
      - technology: scraped_face_search
        status: in_use
        since: 2017
        evidence: [Regulator fines FaceCo]
  - name: FaceCo Live
    kind: system
    maker: FaceCo
  - name: VideoSoft
    kind: vendor
partnerships:
  - vendor: FaceCo
    partner: VideoSoft
    kind: integration
    since: 2019-06
    evidence: [Regulator fines FaceCo]
operators:
  - name: Test Police
    kind: police
    documents:
      - kind: report
        title: Review of the van trials
    technology:
      - technology: mobile_live_face_recognition
        status: trial
        since: 2016-08
        until: 2019
        vendor: FaceCo Live
        evidence: [Review of the van trials]
      - technology: mobile_live_face_recognition
        status: in_use
        since: 2020-01
        vendor: FaceCo Live
      - technology: body_worn_camera
        status: in_use
        summary: Cameras on officers' vests.
"""


def write(tmp_path: Path, text: str, name: str = "seed.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def counts(session) -> dict[str, int]:
    return {m.__name__: session.scalar(select(func.count()).select_from(m))
            for m in (Operator, Vendor, OperatorDocument, OperatorRevision, TechnologyClaim,
                      VendorPartnership)}


def test_claims_and_partnerships_load_with_their_evidence(session, tmp_path):
    summary = load_seed(session, write(tmp_path, GOOD))
    assert (summary.technology, summary.partnerships, summary.documents) == (4, 1, 2)
    police = session.scalar(select(Operator).where(Operator.name == "Test Police"))
    claims = {(c.technology, c.status): c for c in session.scalars(
        select(TechnologyClaim).where(TechnologyClaim.operator_id == police.id))}
    trial = claims["mobile_live_face_recognition", "trial"]
    assert (trial.since, trial.until, trial.vendor.name) == ("2016-08", "2019", "FaceCo Live")
    assert [d.title for d in trial.documents] == ["Review of the van trials"]
    assert claims["body_worn_camera", "in_use"].summary == "Cameras on officers' vests."
    vendor_claim = session.scalar(select(TechnologyClaim).where(TechnologyClaim.operator_id.is_(None)))
    assert (vendor_claim.vendor.name, vendor_claim.since) == ("FaceCo", "2017")
    fine = vendor_claim.documents[0]
    assert (fine.operator_id, fine.vendor.name, fine.kind) == (None, "FaceCo", "regulator_decision")
    link = session.scalar(select(VendorPartnership))
    assert (link.vendor.name, link.partner.name, link.kind, link.since) == ("FaceCo", "VideoSoft",
                                                                           "integration", "2019-06")
    assert link.documents == [fine]


def test_a_reload_changes_nothing_and_a_changed_claim_is_a_revision(session, tmp_path):
    load_seed(session, write(tmp_path, GOOD))
    before = counts(session)
    again = load_seed(session, write(tmp_path, GOOD))
    assert again.changed == 0 and counts(session) == before
    ended = GOOD.replace("status: in_use\n        summary: Cameras", "status: ended\n        until: 2024\n"
                                                                    "        summary: Cameras")
    changed = load_seed(session, write(tmp_path, ended))
    assert changed.changed == 1 and (changed.added, changed.updated) == ({}, {"technology": 1})
    after = counts(session)
    assert after["TechnologyClaim"] == before["TechnologyClaim"]
    assert after["OperatorRevision"] == before["OperatorRevision"] + 1
    revision = session.scalars(select(OperatorRevision).order_by(OperatorRevision.id.desc())).first()
    assert revision.before["body_worn_camera"] == "in_use" and revision.after["body_worn_camera"] == "ended"
    assert (revision.after["until"], revision.actor_kind) == ("2024", "import")


BODY_WORN = "    technology:\n      - technology: body_worn_camera\n"
BAD_ENTRIES = [
    ("    technology:\n      - technology: mind_reading\n        status: in_use\n",
     "operators[1] (Bad Police) technology[0]: unknown technology 'mind_reading'"),
    ("    technology:\n      - technology: body_worn_camera\n        status: rumoured\n",
     "unknown status 'rumoured'"),
    ("    technology:\n      - technology: body_worn_camera\n        status: ended\n        since: 2020\n"
     "        until: 2019-05\n", "until (2019-05) comes before since (2020)"),
    ("    technology:\n      - technology: body_worn_camera\n        status: trial\n        since: 2019-13\n",
     "since must be a date YYYY, YYYY-MM or YYYY-MM-DD, got '2019-13'"),
    (BODY_WORN + "        status: trial\n        evidence: [Nowhere]\n",
     "evidence 'Nowhere' names no document"),
    (BODY_WORN + "        status: trial\n        vendor: Ghost Inc\n",
     "vendor 'Ghost Inc' is not a known vendor or system"),
    ("    technology:\n      - technology: body_worn_camera\n        status: trial\n        colour: red\n",
     "unknown technology claim key 'colour'"),
    ("    technology:\n      - technology: body_worn_camera\n        status: trial\n"
     "      - technology: body_worn_camera\n        status: in_use\n",
     "technology[1]: repeats an earlier claim of the same technology, vendor and since"),
    ("    technology: body_worn_camera\n", "`technology` must be a list"),
]


@pytest.mark.parametrize(("entry", "reason"), BAD_ENTRIES, ids=[r[:30] for _e, r in BAD_ENTRIES])
def test_a_bad_technology_entry_is_named_and_nothing_is_loaded(session, tmp_path, entry, reason):
    text = GOOD + "  - name: Bad Police\n" + entry
    before = counts(session)
    with pytest.raises(UsageError) as caught:
        load_seed(session, write(tmp_path, text))
    assert reason in caught.value.message
    assert counts(session) == before  # the good entries of the file are not kept either


@pytest.mark.parametrize(("partnership", "reason"), [
    ("  - vendor: FaceCo\n    partner: FaceCo\n", "a partnership links two different vendors"),
    ("  - vendor: FaceCo\n    partner: Nobody\n", "partner 'Nobody' is not a known vendor or system"),
    ("  - vendor: FaceCo\n    partner: VideoSoft\n    kind: marriage\n", "unknown kind 'marriage'"),
    ("  - vendor: FaceCo\n    partner: VideoSoft\n    kind: reseller\n    since: soon\n",
     "since must be a date"),
])
def test_a_bad_partnership_is_named(session, tmp_path, partnership, reason):
    text = GOOD.replace("operators:\n", partnership + "operators:\n", 1)
    with pytest.raises(UsageError) as caught:
        load_seed(session, write(tmp_path, text))
    assert "partnerships[1] (FaceCo – " in caught.value.message and reason in caught.value.message


def test_every_bad_entry_is_listed_at_once(session, tmp_path):
    text = GOOD.replace("status: trial", "status: maybe").replace("kind: integration", "kind: marriage")
    with pytest.raises(UsageError) as caught:
        load_seed(session, write(tmp_path, text))
    message = caught.value.message
    assert message.startswith("2 bad entries, nothing loaded")
    assert "operators[0] (Test Police) technology[0]: unknown status 'maybe'" in message
    assert "partnerships[0] (FaceCo – VideoSoft): unknown kind 'marriage'" in message


def test_cli_reports_the_bad_entries_and_keeps_nothing(app, session, tmp_path):
    path = write(tmp_path, GOOD.replace("status: trial", "status: maybe"))
    before = counts(session)
    result = CliRunner().invoke(main, ["operators", "load", str(path)],
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code != 0 and "unknown status 'maybe'" in result.output
    session.expire_all()
    assert counts(session) == before
    good = CliRunner().invoke(main, ["operators", "load", str(write(tmp_path, GOOD))],
                              obj=ScriptInfo(create_app=lambda: app))
    assert good.exit_code == 0, good.output
    assert "added 1 operator, 3 vendors and systems, 2 documents, 4 technology claims, 1 partnership;" \
        in good.output
