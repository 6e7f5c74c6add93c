"""Fixtures: the Helsinki gazetteer built inside the test's transaction."""

import pytest

from cameramap.services.geocoding import build_gazetteer


@pytest.fixture
def helsinki(session, shared_data):
    """Build the gazetteer from the shared Helsinki PBF; returns the folder with its files."""
    build_gazetteer(session, shared_data / "helsinki" / "Helsinki.osm.pbf")
    return shared_data / "helsinki"
