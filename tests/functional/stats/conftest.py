"""The Geneva canton boundary (EPSG:2056) as an area layer, and Swiss OpenStreetMap cameras."""

from __future__ import annotations

from pathlib import Path

import pytest

from cameramap.domain.records import SourceSpec
from cameramap.importers.registry import open_file
from cameramap.services.imports.store import ImportOptions, import_items
from cameramap.services.stats.areas import import_areas

LAYER = "Cantons (test)"
SWISS = SourceSpec("Switzerland OSM (test)", "osm", licence="ODbL-1.0")


@pytest.fixture
def geneva_file(shared_data) -> Path:
    return shared_data / "geneva-boundary" / "CantonGeneva_merged.shp"


@pytest.fixture
def geneva(session, geneva_file):
    summary = import_areas(session, geneva_file, LAYER, name_field="CANTON_DEP")
    assert summary.created == 1 and not summary.problems
    return summary


@pytest.fixture
def swiss(session, shared_data):
    reading = open_file(shared_data / "switzerland" / "switzerland_surveillance_overpass.json")
    return import_items(session, SWISS, reading.items, ImportOptions()).summary
