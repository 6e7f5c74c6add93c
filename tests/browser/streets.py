"""A browser-test fixture: Helsinki's demo street network in the live database (the demo has cameras only)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module", name="streets")
def streets_fixture(live_server):
    """The live server, with the street network loaded (once: later calls find it there)."""
    from cameramap.services.exposure.streets import load_demo_streets

    with live_server.session() as session:
        load_demo_streets(session)
        session.commit()
    return live_server
