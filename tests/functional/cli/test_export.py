"""`cameramap export -o`: missing folders, extensions against --format, existing files, standard output."""

import json

import pyogrio
import pytest

from cameramap.cli.export import export_command
from cameramap.cli.imports import import_command


@pytest.fixture
def runner(app, session, tmp_path):
    """A CLI runner over a registry holding two cameras."""
    path = tmp_path / "cameras.csv"
    path.write_text("id,lat,lon\n1,60.17,24.94\n2,60.18,24.95\n")
    cli = app.test_cli_runner()
    assert cli.invoke(import_command, [str(path)]).exit_code == 0
    return cli


def test_a_missing_directory_is_named_in_one_line(runner, tmp_path):
    missing = tmp_path / "nonexistent" / "dir"
    result = runner.invoke(export_command, ["--format", "csv", "-o", str(missing / "x.csv")])
    assert result.exit_code == 1
    expected = f"Error: cannot write {missing / 'x.csv'}: the directory {missing} does not exist\n"
    assert result.output == expected


@pytest.mark.parametrize("name", ["out.csv", "out.geojson"])
def test_an_extension_that_contradicts_the_format_is_refused(runner, tmp_path, name):
    out = tmp_path / name
    out.write_text("keep me")
    result = runner.invoke(export_command, ["--format", "gpkg", "-o", str(out)])
    assert result.exit_code == 1 and "--format is gpkg" in result.output and "Traceback" not in result.output
    assert out.read_text() == "keep me"
    assert not (tmp_path / "new.geojson").exists()


@pytest.mark.parametrize(("name", "fmt"), [("x.gpkg", "gpkg"), ("x.csv", "csv"), ("x.kml", "kml"),
                                           ("x.json", "geojson"), ("x.txt", "geojson")])
def test_the_format_follows_the_extension_and_an_existing_file_is_replaced(runner, tmp_path, name, fmt):
    out = tmp_path / name
    for _ in range(2):  # the second run replaces the first's file
        result = runner.invoke(export_command, ["-o", str(out)])
        assert result.exit_code == 0, result.output
        assert f"exported 2 cameras to {out} ({fmt})" in result.output
    if fmt == "geojson":
        assert len(json.loads(out.read_bytes())["features"]) == 2
    else:
        assert len(pyogrio.read_dataframe(out)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"cameras.csv", name})  # no partial file left


def test_an_existing_geopackage_is_replaced_whole(runner, tmp_path):
    out = tmp_path / "x.gpkg"
    assert runner.invoke(export_command, ["--format", "gpkg", "-o", str(out)]).exit_code == 0
    result = runner.invoke(export_command, ["--format", "gpkg", "-o", str(out),
                                            "--bbox", "24.9,60.1,24.945,60.2"])
    assert result.exit_code == 0, result.output
    assert len(pyogrio.read_dataframe(out)) == 1


@pytest.mark.parametrize(("fmt", "start"), [
    ("csv", b"id,status,"), ("geojson", b'{"type":"FeatureCollection"'), ("kml", b"<?xml")])
def test_text_formats_go_to_standard_output(runner, fmt, start):
    result = runner.invoke(export_command, ["--format", fmt, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(start)
    assert "exported 2 cameras to standard output" in result.stderr


def test_a_geopackage_is_not_written_to_standard_output(runner):
    result = runner.invoke(export_command, ["--format", "gpkg", "-o", "-"])
    assert result.exit_code == 1 and result.stdout_bytes == b""
    assert "cannot be written to standard output" in result.stderr
