"""Headers, mapping typos, KML placemarks, describing columns, directions, --swap-xy, file-name keywords
and field sizes: each per row, as the report says, and nothing stored that it rejects."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cameramap.cli.imports import import_command
from cameramap.importers.items import FileError, ReadOptions
from cameramap.importers.mapping import parse_mapping
from cameramap.storage.models import Camera, Provenance

from .helpers import counts, run

FIXTURES = Path(__file__).parent / "fixtures"
ZURICH = FIXTURES / "zurich_blitzer_numeric_header.csv"


def test_a_header_with_a_column_named_1_and_a_year_is_a_header(session):
    report = run(session, ZURICH, source="Zürich")
    assert (report.summary.created, report.summary.rejected) == (5, {})
    link = session.scalar(select(Provenance).where(Provenance.tags["Standort"].as_string() == "Hardbrücke"))
    assert link.tags["2023"] == "4211" and link.tags["1"] == "1" and link.camera.notes == "Hardbrücke"


def test_header_and_no_header_force_it(session, tmp_path):
    forced = run(session, ZURICH, source="forced", read=ReadOptions(header=False))
    assert forced.summary.rejected == {"unparsable_coordinates": 1} and forced.rejected[0]["row"] == 1
    headerless = tmp_path / "headerless.csv"
    headerless.write_text("Hauptstrasse,47.3700,8.5400\nBahnhofstrasse,47.3720,8.5390\n")
    detected = run(session, headerless, source="detected")
    assert (detected.summary.created, detected.rejected) == (2, [])
    as_header = run(session, headerless, source="as header", read=ReadOptions(header=True), conflate_m=None)
    assert (as_header.summary.read, as_header.summary.created) == (1, 1)
    tag = Provenance.tags["Hauptstrasse"].as_string()
    link = session.scalar(select(Provenance).where(tag == "Bahnhofstrasse"))
    assert link is not None and set(link.tags) == {"Hauptstrasse", "47.3700", "8.5400"}


def test_mapping_naming_a_missing_column_is_a_whole_file_error(app, session, shared_data, tmp_path):
    mapping = parse_mapping({"coordinates": {"lat": "LATTITUDE", "lon": "LONGITUDE"},
                             "fields": {"notes": "{ADRESS} ({LOCATION ID})"}})
    before = counts(session)
    with pytest.raises(FileError) as err:
        run(session, shared_data / "chicago/Speed_Camera_Locations.csv", read=ReadOptions(mapping=mapping))
    message = err.value.message
    assert "coordinates.lat names column 'LATTITUDE'" in message and "did you mean 'LATITUDE'?" in message
    assert "fields.notes names column 'ADRESS'" in message and "did you mean 'ADDRESS'?" in message
    assert "The file's columns: 'ID', 'LOCATION ID', 'ADDRESS'" in message
    assert counts(session) == before
    profile = tmp_path / "typo.yaml"
    profile.write_text("id: Id\n")
    result = app.test_cli_runner().invoke(import_command, [
        str(shared_data / "chicago/Speed_Camera_Locations.csv"), "--mapping", str(profile)])
    assert result.exit_code == 1 and "did you mean 'ID'?" in result.output
    assert counts(session) == before


def test_kml_placemarks_in_every_spelling(session):
    report = run(session, FIXTURES / "oxford_anpr_variants.kml", source="Oxford")
    assert (report.summary.created, report.summary.rejected) == (3, {})
    links = {p.source_record_id: p for p in session.scalars(select(Provenance))}
    assert set(links) - {"4711", "4713"} == {next(k for k in links if k.startswith("row-"))}
    botley = links["4711"]
    assert botley.camera.notes == ("Botley Interchange — ANPR camera on the A34 slip road.\n"
                                   "Source: FOI answer (https://www.example.org/foi/4711)")
    assert botley.camera.camera_direction == "45"  # from <Value>NE</Value>
    assert botley.tags["Number_of_Units"] == "2" and links["4713"].tags["Number_of_Units"] == "1"  # <VALUE>
    headington = next(p for k, p in links.items() if k.startswith("row-"))
    assert headington.tags["site_ref"] == "OX-HR-02"  # SchemaData/SimpleData
    assert headington.camera.operator.name == "Thames Valley Police"
    assert headington.camera.notes == "Headington Roundabout — Two cameras & a sign"
    assert any(n["row"] == 3 and "LineString" in n["note"] for n in report.notes)


def test_columns_that_describe_a_camera_become_its_notes(session):
    run(session, FIXTURES / "madrid_videovigilancia_es.csv", source="Madrid")
    notes = dict(session.execute(select(Provenance.source_record_id, Camera.notes).join(Camera)).all())
    assert notes == {
        "1": "Cámara Plaza Mayor — Plaza Mayor 1 — Cámara de videovigilancia en la fachada del ayuntamiento",
        "2": "Cámara Sol — Puerta del Sol 7",
        "3": "Cámara Gran Vía — Gran Vía 28 — Domo en la esquina con Montera"}


def test_directions_of_361_or_more_are_reported_per_row(session):
    report = run(session, FIXTURES / "helsinki_directions_survey.csv", source="survey")
    assert report.summary.created == 4
    said = {n["row"]: n["note"] for n in report.notes}
    assert set(said) == {3, 5} and "'361' cannot be read" in said[3] and "'400' cannot be read" in said[5]
    directions = dict(session.execute(select(Provenance.source_record_id, Camera.camera_direction)
                                      .join(Camera)).all())
    assert directions == {"1": "90", "2": None, "3": "45", "4": None}


def test_an_osm_direction_of_361_is_reported_too(session, tmp_path):
    path = tmp_path / "overpass.json"
    path.write_text(json.dumps({"elements": [
        {"type": "node", "id": 1, "lat": 47.37, "lon": 8.54,
         "tags": {"man_made": "surveillance", "camera:direction": "361"}},
        {"type": "node", "id": 2, "lat": 47.38, "lon": 8.55,
         "tags": {"man_made": "surveillance", "camera:direction": "350"}}]}))
    report = run(session, path, source="osm")
    assert [(n["row"], n["source_id"]) for n in report.notes] == [(1, "node/1")]
    assert "'361' cannot be read" in report.notes[0]["note"]


def test_swap_xy_never_suggests_itself_once_given(app, session, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("id,lat,lon\n1,127.38,36.35\n2,127.39,36.36\n3,36.34,127.40\n")
    result = app.test_cli_runner().invoke(import_command, [str(path), "--swap-xy"])
    assert result.exit_code == 0 and "created 2" in result.output
    assert "rejected out_of_range: 1" in result.output and "rerun with --swap-xy" not in result.output
    report = run(session, path, source="again", read=ReadOptions(swap_xy=True))
    assert "not swapped" in report.rejected[0]["message"] and "rerun" not in report.rejected[0]["message"]


@pytest.mark.parametrize("name", ["Red_Light_Camera_Locations.csv", "rlc_locations.csv",
                                  "RedLightCameras.csv"])
def test_keyword_rules_read_file_names_with_underscores_or_run_together(session, tmp_path, name):
    path = tmp_path / name
    path.write_text("id,lat,lon\n1,43.6688,-79.3797\n")
    run(session, path, source=name, read=ReadOptions(dataset=path.stem))
    camera = session.scalar(select(Camera))
    assert camera.surveillance_zone == "traffic"
    assert [c.capability for c in camera.claims] == ["licence_plate_recognition"]


def test_imported_text_is_cut_to_the_apis_limits(session, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("w") as handle:
        handle.write(f"id,lat,lon,notes,operator\n1,60.17,24.94,{'x' * 50_000_000},{'o' * 400}\n")
    report = run(session, path, source="huge")
    assert report.summary.created == 1
    camera = session.scalar(select(Camera))
    assert len(camera.notes) == 2000 and camera.notes.endswith("…")
    assert len(camera.operator.name) == 300
    assert len(camera.provenance[0].tags["notes"]) == 2000
    said = [n["note"] for n in report.notes]
    assert "notes was 50,000,000 characters, cut to the first 2,000" in said
    assert "operator was 400 characters, cut to the first 300" in said
    assert session.scalar(select(func.count()).select_from(Provenance)) == 1
