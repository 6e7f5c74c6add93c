"""pyproject.toml's minimum versions leave out the releases with published security advisories."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
# The first release without the advisories known when this was written (each older one has one).
FLOORS = {"waitress": "3.0.1", "gunicorn": "23", "pillow": "10.2", "orjson": "3.9.15", "werkzeug": "3.0.6"}


def _requirements() -> dict[str, Requirement]:
    if not PYPROJECT.exists():
        pytest.skip("not running from a source checkout")
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    found = (Requirement(line) for line in project["dependencies"])
    return {requirement.name.lower(): requirement for requirement in found}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_minimum_version_excludes_releases_with_advisories(name):
    requirement = _requirements().get(name)
    assert requirement is not None, f"{name} must be a direct dependency with a minimum version"
    floor = Version(FLOORS[name])
    below = [spec for spec in requirement.specifier if spec.operator in (">=", ">")]
    assert below and all(Version(spec.version) >= floor for spec in below), requirement
