"""Deployment fixtures: the realistic (not real) published tables and their mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from cameramap.services import geocoding
from tests.factories import make_deployment  # noqa: F401 - the tests' factory

FIXTURES = Path(__file__).with_name("fixtures")
MAPPING = Path(__file__).resolve().parents[3] / "data" / "mappings" / "met-lfr-deployments.yaml"


@pytest.fixture
def london_gazetteer(session, tmp_path):
    """A few London streets and places as an address gazetteer, so location texts can be placed."""
    path = tmp_path / "london.csv"
    path.write_text("street,housenumber,lat,lon\n"
                    "Kilburn High Road,1,51.5418,-0.1966\nKilburn High Road,99,51.5455,-0.2010\n"
                    "Stratford Broadway,1,51.5416,-0.0027\nNorth End,1,51.3757,-0.0998\n")
    geocoding.build_gazetteer(session, path)

