"""`cameramap geocode --batch FILE.csv`: every row written back with lon, lat, precision and score."""

import csv

from cameramap.cli.geocode import geocode_command
from cameramap.config import parse
from cameramap.services import geocoding

CONFIG = parse({"GEOCODER_MIN_SCORE": 0.75})
# Realistic, made up: a semicolon-separated list of sites as a spreadsheet exports it.
SITES = ("Site;Street address;lon\n"
         "Kiosk;Kaivokatu 1, Helsinki;\n"
         "Station corner;Mannerheimintie x Kaivokatu, Helsinki;\n"
         "Typo;Alekssanterinkatu 5;\n"
         "Nowhere;Nowhere Street 99999 Atlantis;\n"
         "Blank;;\n")


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_whole_file_is_geocoded(app, session, helsinki, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text(SITES, encoding="utf-8-sig")
    result = app.test_cli_runner().invoke(geocode_command, ["--batch", str(path)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "sites.geocoded.csv"
    assert f"5 rows written to {written}: empty 1, no match 1, ok 3" in result.output
    rows = _read(written)
    assert list(rows[0]) == ["Site", "Street address", "lon", "geocoded_lon", "geocoded_lat",
                             "geocoded_precision", "geocoded_score", "geocoded_status", "geocoded_label"]
    assert [r["Site"] for r in rows] == ["Kiosk", "Station corner", "Typo", "Nowhere", "Blank"]
    for row in rows[:4]:
        answer = geocoding.forward(session, row["Street address"], CONFIG)
        assert row["geocoded_status"] == answer.status.value
        if answer.best is not None:
            assert (float(row["geocoded_lon"]), float(row["geocoded_lat"])) == (
                round(answer.best.point.lon, 7), round(answer.best.point.lat, 7))
            assert row["geocoded_precision"] == answer.best.precision.value
            assert float(row["geocoded_score"]) == round(answer.best.score, 3)
    assert [r["geocoded_precision"] for r in rows] == ["address", "intersection", "address", "", ""]
    assert rows[4]["geocoded_status"] == "empty" and rows[3]["geocoded_lon"] == ""


def test_the_address_column_can_be_named_and_must_exist(app, session, helsinki, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("where,id\nKaivokatu 1,7\n")
    session.commit()  # the gazetteer outlives the commands that fail (and roll back)
    runner = app.test_cli_runner()
    missing = runner.invoke(geocode_command, ["--batch", str(path)])
    assert missing.exit_code == 2 and "name it with --column" in missing.output
    typo = runner.invoke(geocode_command, ["--batch", str(path), "--column", "wher"])
    assert typo.exit_code == 2 and "its columns: where, id" in typo.output
    out = tmp_path / "out.csv"
    named = runner.invoke(geocode_command, ["--batch", str(path), "--column", "where", "--output", str(out)])
    assert named.exit_code == 0, named.output
    (row,) = _read(out)
    assert row["id"] == "7" and row["precision"] == "address" and row["status"] == "ok"
