"""The import contracts in pyproject.toml hold, and every top-level package has a place in the layers."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import cameramap

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
OUTSIDE_THE_LAYERS = {"config"}  # a leaf of its own contract; `cameramap` itself is the app factory


@pytest.fixture(scope="module")
def contracts() -> list[dict[str, Any]]:
    if not PYPROJECT.exists():
        pytest.skip("not running from a source checkout")
    return tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]


def test_import_contracts_hold(contracts, capsys):
    from importlinter import cli

    status = cli.lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert status == cli.EXIT_STATUS_SUCCESS, capsys.readouterr().out


def _layered(contract: dict[str, Any]) -> set[str]:
    return {name.strip().removeprefix("cameramap.") for layer in contract["layers"]
            for name in layer.replace(":", "|").split("|")}


def test_every_top_level_package_is_layered(contracts):
    top = next(c for c in contracts if c["type"] == "layers" and "containers" not in c)
    names = {p.stem for p in Path(cameramap.__file__).parent.iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.stem != "__init__"}
    assert names - OUTSIDE_THE_LAYERS == _layered(top)


def test_every_service_package_is_layered(contracts):
    services = next(c for c in contracts if c.get("containers") == ["cameramap.services"])
    folder = Path(cameramap.__file__).parent / "services"
    names = {p.stem for p in folder.iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.stem != "__init__"}
    assert names == _layered(services)
