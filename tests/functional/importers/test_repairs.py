"""Numbers spreadsheets mangled: repaired where unambiguous (and counted), else rejected with the option
that helps; the reading of grouped digits chosen by the file's other rows or by --within."""

import json
from pathlib import Path

from sqlalchemy import func, select

from cameramap.cli.imports import import_command
from cameramap.domain.geo import BBox
from cameramap.importers.items import ReadOptions
from cameramap.services.stats.areas import import_areas
from cameramap.storage.models import Camera, Provenance

from .helpers import run

FIXTURES = Path(__file__).parent / "fixtures"
GENEVA = BBox(5.956, 46.129, 6.310, 46.365)


def test_mangled_numbers_are_repaired_and_counted(session):
    report = run(session, FIXTURES / "geneva_radars_spreadsheet.csv", source="Genève")
    summary = report.summary
    assert (summary.read, summary.created, summary.rejected) == (15, 14, {"mangled_number": 1})
    assert summary.repaired == {"decimal_comma": 2, "degrees_minutes_seconds": 2, "grouped_digits": 2,
                                "hemisphere_letter": 4}
    assert report.repairs["grouped_digits"] == ["61.418.784 → 6.1418784", "461.993.881 → 46.1993881"]
    [row] = report.rejected
    assert (row["row"], row["reason"]) == (16, "mangled_number") and "46,19,93" in row["message"]
    by_place = {p.tags["Lieu"]: p.camera for p in session.scalars(select(Provenance))}
    assert "Rue de Carouge 70" not in by_place  # rejected, so not stored
    plainpalais = by_place["Plaine de Plainpalais"]
    assert (plainpalais.lon, plainpalais.lat) == (6.1418784, 46.1993881)
    florissant = by_place["Route de Florissant 40"]
    assert (round(florissant.lon, 6), round(florissant.lat, 6)) == (6.156972, 46.196167)
    assert (by_place["Quai Gustave-Ador 30"].lon, by_place["Quai Gustave-Ador 30"].lat) == (6.164, 46.204)
    assert all(GENEVA.west < c.lon < GENEVA.east and GENEVA.south < c.lat < GENEVA.north
               for c in by_place.values())
    assert any(n["row"] == 11 and "the one reading of 4" in n["note"] for n in report.notes)


def test_a_file_grouped_throughout_needs_within(session):
    path = FIXTURES / "geneva_radars_all_grouped.csv"
    refused = run(session, path, source="grouped")
    assert refused.summary.rejected == {"mangled_number": 4} and refused.summary.created == 0
    assert all("--within" in r["message"] and "can be read as" in r["message"] for r in refused.rejected)
    assert session.scalar(select(func.count()).select_from(Camera)) == 0
    placed = run(session, path, source="grouped", read=ReadOptions(within=GENEVA))
    assert (placed.summary.created, placed.summary.rejected, placed.summary.repaired) == \
        (4, {}, {"grouped_digits": 8})
    lons = sorted(session.scalars(select(Camera.lon)))
    assert lons == [6.1352678, 6.1446789, 6.1501234, 6.1833456]


def test_cli_within_takes_a_bbox_or_an_area_name(app, session, shared_data, tmp_path):
    runner = app.test_cli_runner()
    path = str(FIXTURES / "geneva_radars_all_grouped.csv")
    refused = runner.invoke(import_command, [path, "--dry-run"])
    assert "rejected mangled_number: 4" in refused.output and "--within" in refused.output
    by_box = runner.invoke(import_command, [path, "--within", "5.95,46.12,6.31,46.37", "--dry-run"])
    assert "created 4" in by_box.output and "repaired 8 coordinate cells (grouped digits)" in by_box.output
    import_areas(session, shared_data / "geneva-boundary/CantonGeneva_merged.shp", "canton-geneve")
    by_area = runner.invoke(import_command, [path, "--within", "canton-geneve", "--report",
                                             str(tmp_path / "r.json")])
    assert by_area.exit_code == 0, by_area.output
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["created"] == 4
    unknown = runner.invoke(import_command, [path, "--within", "Atlantis"])
    assert unknown.exit_code == 1 and "no area or area layer named 'Atlantis'" in unknown.output
