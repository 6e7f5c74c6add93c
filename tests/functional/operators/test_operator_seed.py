"""`cameramap operators load`: the Moscow seed file loads, links FindFace, and a re-run changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from cameramap.cli import main
from cameramap.domain.errors import UsageError
from cameramap.services.accountability.seed import load_seed
from cameramap.storage.accountability import OperatorDocument, OperatorRevision, Vendor
from cameramap.storage.models import CapabilityClaim, Operator

MOSCOW = Path(__file__).resolve().parents[3] / "data" / "operators" / "moscow.yaml"
NAME = "Moscow Department of Information Technologies"


def counts(session) -> dict:
    return {
        m.__name__: session.scalar(select(func.count()).select_from(m))
        for m in (Operator, Vendor, CapabilityClaim, OperatorDocument, OperatorRevision)
    }


def test_moscow_seed_loads_and_reloads_without_change(session, client):
    first = load_seed(session, MOSCOW)
    assert (first.operators, first.changed, first.vendors) == (1, 1, 3)
    assert first.added == {"operators": 1, "vendors": 3, "claims": 2, "documents": 2, "contracts": 1,
                           "technology": 1, "partnerships": 1} and first.updated == {}
    before = counts(session)
    again = load_seed(session, MOSCOW)
    assert again.changed == 0 and counts(session) == before
    assert again.added == {} and again.updated == {}
    operator = session.scalar(select(Operator).where(Operator.name == NAME))
    page = client.get(f"/operators/{operator.id}").get_data(as_text=True)
    assert "FindFace" in page and "Glukhin v. Russia" in page and "2023-07-04" in page
    assert 'value="ru_152fz_art14"' in client.get(f"/operators/{operator.id}/letter").get_data(as_text=True)
    findface = session.scalar(select(Vendor).where(Vendor.name == "FindFace"))
    assert findface.maker.name == "NtechLab"
    vendor_page = client.get(f"/vendors/{findface.maker.id}").get_data(as_text=True)
    assert NAME in vendor_page  # the maker's page lists the operators of its systems


def load(app, path: Path) -> str:
    result = CliRunner().invoke(main, ["operators", "load", str(path)],
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_load_says_what_it_added_and_what_it_updated(app, session, tmp_path):
    assert load(app, MOSCOW) == (
        "moscow.yaml: added 1 operator, 3 vendors and systems, 2 capability claims, 2 documents, 1 contract, "
        "1 technology claim, 1 partnership; updated nothing (the file lists 1 operator, 3 vendors and "
        "systems, 2 capability claims, 2 documents, 1 contract, 1 technology claim, 1 partnership)\n")
    again = load(app, MOSCOW)
    assert again.startswith("moscow.yaml: added nothing; updated nothing (the file lists 1 operator")
    changed = tmp_path / "moscow.yaml"
    changed.write_text(MOSCOW.read_text(encoding="utf-8").replace("kind: municipal", "kind: police")
                       .replace("country: Canada", "country: Québec"), encoding="utf-8")
    assert load(app, changed).startswith(
        "moscow.yaml: added nothing; updated 1 operator, 1 vendor or system (the file lists")


@pytest.mark.parametrize(
    "text",
    [
        "- just a list",
        "operators:\n  - kind: police\n",
        "people: []\n",
        "operators:\n  - name: X\n    colour: red\n",
    ],
)
def test_bad_seed_files_are_refused_whole(session, tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    before = counts(session)
    with pytest.raises(UsageError):
        load_seed(session, path)
    assert counts(session) == before


def test_cli_load_leaves_nothing_when_a_later_write_fails(app, session, monkeypatch):
    """The command is one unit of work: operators and vendors already written are rolled back."""
    from cameramap.extensions import db
    from cameramap.services.accountability import records

    def fail_after_flush(*_args, **_kwargs):
        db.session().flush()
        raise RuntimeError("linking the claims failed")

    before = counts(session)
    monkeypatch.setattr(records, "link_claim_vendors", fail_after_flush)
    result = CliRunner().invoke(
        main, ["operators", "load", str(MOSCOW)], obj=ScriptInfo(create_app=lambda: app)
    )
    assert result.exit_code != 0 and isinstance(result.exception, RuntimeError)
    session.expire_all()
    assert counts(session) == before
