"""Address-only rows no geocoder can place yet wait as "needs location" and become cameras later."""

import json

from sqlalchemy import select

from cameramap.cli.geocode import build_command, geocode_command
from cameramap.cli.imports import import_command
from cameramap.storage.models import Camera, Provenance, Revision, Source

from .helpers import counts

# Realistic, made up for this test: a city's camera list with street addresses and no coordinates.
ADDRESSES = ("id,address,camera_type,installed\n"
             "h1,Mannerheimintie 10,dome,2019-05-02\n"
             "h2,Aleksanterinkatu 5,fixed,\n"
             "h3,Mannerheimintie x Kaivokatu,fixed,2021-01-15\n"
             "h4,Nowhere Street 99999 Atlantis,fixed,\n")


def _invoke(runner, command, *args):
    result = runner.invoke(command, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _waiting(runner) -> list[str]:
    return [r["source_id"] for r in json.loads(_invoke(runner, geocode_command, "--pending", "--json"))]


def _links(session, source="City list"):
    return session.execute(
        select(Provenance.source_record_id, Provenance.record_hash, Camera.camera_type, Camera.first_seen)
        .join(Camera, Camera.id == Provenance.camera_id).join(Source, Source.id == Provenance.source_id)
        .where(Source.name == source).order_by(Provenance.source_record_id)).all()


def test_rows_wait_in_the_queue_until_a_gazetteer_places_them(app, session, shared_data, tmp_path):
    path, report = tmp_path / "city.csv", tmp_path / "report.json"
    path.write_text(ADDRESSES)
    runner, before = app.test_cli_runner(), counts(session)
    output = _invoke(runner, import_command, path, "--source", "City list", "--report", report)
    assert "created 0" in output and "needs location 4" in output and "geocode --pending" in output
    assert [r["row"] for r in json.loads(report.read_text())["needs_location"]] == [2, 3, 4, 5]
    assert counts(session)[:3] == before[:3]

    listed = json.loads(_invoke(runner, geocode_command, "--pending", "--json"))
    assert [(r["source"], r["row"], r["source_id"], r["address"]) for r in listed] == [
        ("City list", 2, "h1", "Mannerheimintie 10"), ("City list", 3, "h2", "Aleksanterinkatu 5"),
        ("City list", 4, "h3", "Mannerheimintie x Kaivokatu"),
        ("City list", 5, "h4", "Nowhere Street 99999 Atlantis")]
    assert "4 import row(s) need a location" in _invoke(runner, geocode_command, "--pending")

    _invoke(runner, build_command, shared_data / "helsinki" / "Helsinki.osm.pbf")
    assert "placed 3, still waiting 1" in _invoke(runner, geocode_command, "--retry-pending")
    placed = _links(session)
    assert [(sid, kind, str(seen)) for sid, _, kind, seen in placed] == [
        ("h1", "dome", "2019-05-02"), ("h2", "fixed", "None"), ("h3", "fixed", "2021-01-15")]
    revisions = session.execute(
        select(Revision.action, Revision.actor_kind, Revision.actor_name, Revision.reason)
        .join(Provenance, Provenance.camera_id == Revision.camera_id)).all()
    assert set(revisions) == {("create", "import", "City list", "imported from City list")}
    assert _waiting(runner) == ["h4"]

    # The same file imported now that the gazetteer places the rows at import: nothing to change.
    again = _invoke(runner, import_command, path, "--source", "City list")
    assert "created 0, updated 0, unchanged 3" in again and "needs location 1" in again
    assert "missing from source 0" in again
    assert _links(session) == placed
    _invoke(runner, import_command, path, "--source", "Placed at import")
    assert [link[:2] for link in _links(session, "Placed at import")] == [link[:2] for link in placed]


def test_a_row_placed_by_a_later_import_leaves_the_queue(app, session, shared_data, tmp_path):
    path = tmp_path / "city.csv"
    path.write_text(ADDRESSES)
    runner = app.test_cli_runner()
    _invoke(runner, import_command, path, "--source", "City list")
    _invoke(runner, build_command, shared_data / "helsinki" / "Helsinki.osm.pbf")
    output = _invoke(runner, import_command, path, "--source", "City list")
    assert "created 3" in output and "needs location 1" in output
    assert _waiting(runner) == ["h4"]
    assert "placed 0, still waiting 1" in _invoke(runner, geocode_command, "--retry-pending")


def test_a_dry_run_queues_nothing(app, session, tmp_path):
    path = tmp_path / "city.csv"
    path.write_text(ADDRESSES)
    runner = app.test_cli_runner()
    assert "needs location 4" in _invoke(runner, import_command, path, "--dry-run")
    assert "0 import row(s) need a location" in _invoke(runner, geocode_command, "--pending")
