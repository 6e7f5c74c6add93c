"""Deployment fixtures: the realistic (not real) published tables and their mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from cameramap.services import geocoding

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


def make_deployment(session, location="Oxford Circus", day=(2025, 1, 8), start=(11, 0), minutes=287,
                    geometry=None, operator="Metropolitan Police Service", **values):
    """A deployment through the service, placed at `geometry` (default: a point at Oxford Circus)."""
    from datetime import date, time, timedelta

    from cameramap.domain.deployments import window
    from cameramap.domain.records import Actor
    from cameramap.services.deployments import records
    from cameramap.services.registry.cameras import operator_named

    span = window(date(*day), time(*start), "Europe/London", duration=timedelta(minutes=minutes))
    place = records.placement(geometry if geometry is not None else
                              {"type": "Point", "coordinates": [-0.1419, 51.5152]}) if geometry != {} else {}
    owner = operator_named(session, operator)
    base = {"location_text": location, "starts_at": span.start, "ends_at": span.end,
            "timezone": span.timezone,
            "operator_id": owner.id if owner else None, "system": "NEC NeoFace Live"}
    deployment = records.add_deployment(session, base | place | values, Actor("import", "test"))
    session.flush()
    return deployment
