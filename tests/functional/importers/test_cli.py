"""The `cameramap import` and `cameramap export` commands: summary lines, JSON report, errors."""

import json

from cameramap.cli.export import export_command
from cameramap.cli.imports import import_command

from .helpers import counts


def test_import_command_prints_summary_and_writes_report(app, session, shared_data, tmp_path):
    runner = app.test_cli_runner()
    report = tmp_path / "report.json"
    result = runner.invoke(import_command, [
        str(shared_data / "chicago/Speed_Camera_Locations.csv"),
        "--mapping", "data/mappings/chicago-speed-cameras.yaml", "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "read 160, created 160" in result.output
    data = json.loads(report.read_text())
    assert data["summary"]["created"] == 160 and data["source"] == "City of Chicago - Speed Camera Locations"
    again = runner.invoke(import_command, [str(shared_data / "chicago/Speed_Camera_Locations.csv"),
                                           "--mapping", "data/mappings/chicago-speed-cameras.yaml"])
    assert "unchanged 160" in again.output


def test_import_command_reports_rejections_and_swap_hint(app, session, tmp_path):
    path = tmp_path / "swapped.csv"
    path.write_text("id,lat,lon\n1,95,8.5\n2,96,8.6\n")
    result = app.test_cli_runner().invoke(import_command, [str(path), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 1  # no row accepted; the summary and the report say why
    assert "rejected swapped_coordinates: 2 (rows 2, 3)" in result.output and "--swap-xy" in result.output
    rows = json.loads((tmp_path / "r.json").read_text())["rejected"]
    assert [(r["row"], r["reason"]) for r in rows] == [(2, "swapped_coordinates"), (3, "swapped_coordinates")]
    fixed = app.test_cli_runner().invoke(import_command, [str(path), "--swap-xy"])
    assert "created 2" in fixed.output


def test_import_command_whole_file_error_is_clean(app, session, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    before = counts(session)
    result = app.test_cli_runner().invoke(import_command, [str(path)])
    assert result.exit_code == 1 and "empty (0 bytes)" in result.output
    assert counts(session) == before


def test_export_command(app, session, shared_data, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(import_command, [str(shared_data / "deflock/Delaware.json"), "--source", "DeFlock"])
    out = tmp_path / "out.csv"
    result = runner.invoke(export_command, ["--format", "csv", "-o", str(out), "--bbox", "-76,38,-75,40"])
    assert result.exit_code == 0 and "exported 98 cameras" in result.output
    bad = runner.invoke(export_command, ["-o", str(out), "--bbox", "1,2,3"])
    assert bad.exit_code == 1 and "bbox" in bad.output


def test_address_only_rows_are_geocoded_with_the_gazetteer(app, session, demo, tmp_path):
    """The demo loads the Helsinki gazetteer: address rows are placed; unknown ones need a location."""
    path = tmp_path / "addresses.csv"
    path.write_text("id,address,type\n1,Mannerheimintie 10,dome\n2,Nowhere Street 99999 Atlantis,fixed\n")
    report = tmp_path / "r.json"
    result = app.test_cli_runner().invoke(import_command, [str(path), "--source", "Addresses",
                                                           "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    assert data["summary"]["created"] == 1 and data["summary"]["needs_location"] == 1
    assert [r["address"] for r in data["needs_location"]] == ["Nowhere Street 99999 Atlantis"]


def test_an_import_without_a_licence_says_what_that_means_until_one_is_recorded(app, session, tmp_path):
    path = tmp_path / "unlicensed.csv"
    path.write_text("id,lat,lon\n1,60.17,24.94\n2,60.18,24.95\n")
    runner = app.test_cli_runner()
    first = runner.invoke(import_command, [str(path)])
    assert first.exit_code == 0 and "note: no licence is recorded for source 'unlicensed'" in first.output
    licensed = runner.invoke(import_command, [str(path), "--licence", "CC0-1.0"])
    assert licensed.exit_code == 0 and "no licence" not in licensed.output
    again = runner.invoke(import_command, [str(path)])  # the recorded licence stays; no note
    assert again.exit_code == 0 and "no licence" not in again.output


def test_a_file_without_one_camera_fails_but_an_unchanged_reimport_does_not(app, session, tmp_path):
    readme = tmp_path / "README.txt"
    readme.write_text("# Cameras\n\nThis folder holds the city's camera list.\nAsk the clerk for more.\n")
    result = app.test_cli_runner().invoke(import_command, [str(readme)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Error: no row of README.txt could be read as a camera: all 2 rows were rejected" in result.output
    cameras = tmp_path / "cameras.csv"
    cameras.write_text("id,lat,lon\n1,60.17,24.94\n")
    for expected in ("created 1", "unchanged 1"):
        again = app.test_cli_runner().invoke(import_command, [str(cameras)])
        assert again.exit_code == 0 and expected in again.output, again.output


def test_the_summary_counts_notes_and_rejections(app, session, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("id,lat,lon,direction\n1,60.17,24.94,north-east\n2,60.18,24.95,upwards\n3,,,\n")
    result = app.test_cli_runner().invoke(import_command, [str(path)])
    assert result.exit_code == 0, result.output
    assert "  1 note, 1 rejected row: rerun with --report FILE.json for every row's reason" in result.output
    report = tmp_path / "r.json"
    result = app.test_cli_runner().invoke(import_command, [str(path), "--report", str(report)])
    assert f"  1 note, 1 rejected row: every row's reason is in {report}" in result.output


def test_a_polygon_shapefile_says_so_and_names_its_own_crs(app, session, shared_data):
    result = app.test_cli_runner().invoke(
        import_command, [str(shared_data / "geneva-boundary/CantonGeneva_merged.shp")])
    assert result.exit_code == 0, result.output
    assert "CRS EPSG:2056 (CH1903+ / LV95)" in result.output and "EPSG:4326" not in result.output
    assert "1 MultiPolygon feature(s), not points" in result.output
    assert "note on row 1: the geometry is a MultiPolygon" in result.output and "  1 note: " in result.output
