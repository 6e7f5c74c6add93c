"""A complete import that would mark more than half of its source's cameras missing stops and explains;
--replace confirms it."""

import csv
import json

from sqlalchemy import func, select

from cameramap.cli.imports import import_command
from cameramap.storage.imports import ImportRun
from cameramap.storage.models import Provenance

from .helpers import counts


def _rows(shared_data):
    with open(shared_data / "chicago" / "Speed_Camera_Locations.csv", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _as_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _as_geojson(path, rows):
    """The same cameras in another format, without the id column (as a portal's GeoJSON export)."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [
        float(r["LONGITUDE"]), float(r["LATITUDE"])]}, "properties": {"address": r["ADDRESS"]}} for r in rows]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def _invoke(app, *args):
    return app.test_cli_runner().invoke(import_command, [str(a) for a in args])


def _missing(session):
    return session.scalar(select(func.count()).where(Provenance.missing_from_source.is_(True)))


def test_another_format_of_the_dataset_stops_before_storing_anything(app, session, shared_data, tmp_path):
    rows = _rows(shared_data)
    _as_csv(tmp_path / "speed_cameras.csv", rows)
    _as_geojson(tmp_path / "speed_cameras.geojson", rows)
    first = _invoke(app, tmp_path / "speed_cameras.csv")
    assert first.exit_code == 0 and "created 160" in first.output
    before = counts(session)
    second = _invoke(app, tmp_path / "speed_cameras.geojson")
    assert second.exit_code == 1
    assert "would mark 160 of the 160 cameras of source 'speed_cameras' missing" in second.output
    assert "--source NAME" in second.output and "--replace" in second.output
    assert counts(session) == before and _missing(session) == 0
    assert session.scalar(select(ImportRun.status).order_by(ImportRun.id.desc()).limit(1)) == "failed"

    own = _invoke(app, tmp_path / "speed_cameras.geojson", "--source", "Speed cameras (GeoJSON)")
    assert own.exit_code == 0 and "conflated 160" in own.output and _missing(session) == 0


def test_replace_confirms_and_a_late_mismatch_is_caught_before_marking(app, session, shared_data, tmp_path):
    rows = _rows(shared_data)
    _as_csv(tmp_path / "cameras.csv", rows)
    assert _invoke(app, tmp_path / "cameras.csv").exit_code == 0
    renumbered = rows[:10] + [{**r, "ID": f"new-{r['ID']}"} for r in rows[10:]]
    _as_csv(tmp_path / "cameras.csv", renumbered)  # the first batch matches, the rest does not
    late = _invoke(app, tmp_path / "cameras.csv", "--batch-size", "10")
    assert late.exit_code == 1 and "would mark 150 of the 160 cameras" in late.output
    assert _missing(session) == 0
    confirmed = _invoke(app, tmp_path / "cameras.csv", "--batch-size", "10", "--replace")
    assert confirmed.exit_code == 0, confirmed.output
    assert "missing from source 150" in confirmed.output and _missing(session) == 150
    again = _invoke(app, tmp_path / "cameras.csv")
    assert again.exit_code == 0 and "unchanged 160" in again.output


def test_partial_and_shrinking_by_less_than_half_need_no_confirmation(app, session, shared_data, tmp_path):
    rows = _rows(shared_data)
    _as_csv(tmp_path / "cameras.csv", rows)
    assert _invoke(app, tmp_path / "cameras.csv").exit_code == 0
    _as_csv(tmp_path / "cameras.csv", rows[:20])
    assert "missing from source 0" in _invoke(app, tmp_path / "cameras.csv", "--partial").output
    _as_csv(tmp_path / "cameras.csv", rows[:100])
    assert "missing from source 60" in _invoke(app, tmp_path / "cameras.csv").output
