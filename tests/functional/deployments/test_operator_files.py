"""data/operators: the London file (the Met, NEC NeoFace, Bridges) beside imported deployments; Moscow's
contract and lawsuit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from cameramap.cli.deployments import import_command
from cameramap.services.accountability.seed import load_seed
from cameramap.storage.accountability import Contract, OperatorDocument
from cameramap.storage.deployments import Deployment
from cameramap.storage.models import Operator, Vendor

from .conftest import FIXTURES, MAPPING

OPERATORS = Path(__file__).resolve().parents[3] / "data" / "operators"


def test_the_london_file_meets_the_imported_deployments(app, session, client):
    first = load_seed(session, OPERATORS / "london.yaml")
    assert (first.operators, first.vendors, first.documents) == (2, 3, 5)
    assert load_seed(session, OPERATORS / "london.yaml").changed == 0
    result = app.test_cli_runner().invoke(
        import_command, [str(FIXTURES / "lfr-deployments-realistic.pdf"), "--mapping", str(MAPPING)])
    assert result.exit_code == 0, result.output
    met = session.scalar(select(Operator).where(Operator.name == "Metropolitan Police Service"))
    assert met.kind == "police"
    deployments = list(session.scalars(select(Deployment)))
    assert {d.operator_id for d in deployments} == {met.id}  # the mapping names the file's operator
    neoface = session.scalar(select(Vendor).where(Vendor.name == "NEC NeoFace Live"))
    assert {d.vendor_id for d in deployments} == {neoface.id} and neoface.maker.name == "NEC"
    page = client.get(f"/operators/{met.id}").get_data(as_text=True)
    assert "[2020] EWCA Civ 1058" in page
    assert "https://www.bailii.org/ew/cases/EWCA/Civ/2020/1058.html" in page
    assert 'id="deployments"' in page and "NEC NeoFace Live" in page


def test_the_moscow_file_states_the_contract_and_the_lawsuit(session):
    load_seed(session, OPERATORS / "moscow.yaml")
    contract = session.scalar(select(Contract))
    assert (contract.amount, contract.currency, contract.vendor.name) == (3200000, "USD", "NtechLab")
    titles = set(session.scalars(select(OperatorDocument.title)))
    assert "2019 lawsuit against the city's facial recognition system" in titles
