"""`cameramap deployments import`: published PDF, CSV and XLSX tables, per-row reasons, re-import."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from openpyxl import Workbook
from sqlalchemy import func, select

from cameramap.cli.deployments import import_command
from cameramap.domain.deployments import as_utc
from cameramap.storage.deployments import Deployment, DeploymentRevision

from .conftest import FIXTURES, MAPPING

PDF = FIXTURES / "lfr-deployments-realistic.pdf"
CSV = FIXTURES / "lfr-deployments-realistic.csv"
REASONS = [(1, 5, "bad_date"), (1, 6, "missing_start"), (2, 1, "inconsistent_alerts")]


def run(app, *args):
    result = app.test_cli_runner().invoke(import_command, [*map(str, args), "--mapping", str(MAPPING)])
    assert result.exit_code == 0, result.output
    return result


def deployments(session):
    return {d.location_text: d for d in session.scalars(select(Deployment))}


def test_a_pdf_table_is_imported_with_reasons_for_the_rows_it_cannot_take(app, session, tmp_path):
    report = tmp_path / "report.json"
    result = run(app, PDF, "--report", report)
    assert "read 8, created 5, updated 0, unchanged 0, pending location 5, rejected 3" in result.output
    assert "page 1 row 5: bad_date: not a date: '31/02/25'" in result.output
    data = json.loads(report.read_text())
    assert [(r["page"], r["row"], r["code"]) for r in data["rejected"]] == REASONS
    assert "total alerts 5 is not the sum of the true and false alerts (2)" in data["rejected"][2]["message"]
    found = deployments(session)
    assert sorted(found) == ["Kilburn High Road", "Leicester Square", "North End", "Oxford Circus",
                             "Unit 7, Example Trading Estate"]
    oxford = found["Oxford Circus"]
    assert (oxford.watchlist_size, oxford.faces_scanned, oxford.threshold) == (9812, 14503, 0.64)
    assert oxford.arrests == 2
    assert (oxford.true_alerts_confirmed, oxford.false_alerts_confirmed) == (2, 1)
    assert oxford.operator.name == "Metropolitan Police Service" and oxford.system == "NEC NeoFace Live"
    assert (oxford.source_page, oxford.source_row, oxford.source.kind) == (1, 1, "official_registry")
    assert as_utc(oxford.starts_at) == datetime(2025, 1, 8, 11, 0, tzinfo=UTC)
    assert as_utc(oxford.ends_at) == datetime(2025, 1, 8, 15, 47, tzinfo=UTC)
    assert oxford.timezone == "Europe/London" and oxford.tags == {"area": "Westminster"}
    assert found["Unit 7, Example Trading Estate"].source_page == 2


def test_windows_across_midnight_and_the_clock_change(app, session):
    run(app, PDF)
    found = deployments(session)
    square, croydon = found["Leicester Square"], found["North End"]
    assert (as_utc(square.starts_at), as_utc(square.ends_at)) == (
        datetime(2025, 1, 31, 22, 0, tzinfo=UTC), datetime(2025, 2, 1, 2, 30, tzinfo=UTC))
    assert (as_utc(croydon.starts_at), as_utc(croydon.ends_at)) == (  # 23:00 BST + 4h = 02:00 GMT
        datetime(2025, 10, 25, 22, 0, tzinfo=UTC), datetime(2025, 10, 26, 2, 0, tzinfo=UTC))
    assert croydon.source_record_id == "2025-10-25|north end"


def test_a_re_import_changes_nothing_and_places_what_can_now_be_placed(app, session, london_gazetteer):
    run(app, PDF)
    placed = {d.location_text: (d.lon, d.lat) for d in deployments(session).values()
              if d.location_status == "placed"}
    assert set(placed) == {"Kilburn High Road", "North End"}
    assert abs(placed["North End"][0] - -0.0998) < 0.01 and abs(placed["North End"][1] - 51.3757) < 0.01
    revisions = session.scalar(select(func.count()).select_from(DeploymentRevision))
    again = run(app, PDF)
    assert "read 8, created 0, updated 0, unchanged 5, pending location 3, rejected 3" in again.output
    assert session.scalar(select(func.count()).select_from(DeploymentRevision)) == revisions
    assert session.scalar(select(func.count()).select_from(Deployment)) == 5


def test_pending_places_are_filled_in_on_a_later_import(app, session, tmp_path):
    run(app, PDF)
    assert deployments(session)["Kilburn High Road"].location_status == "pending"
    from cameramap.services import geocoding

    path = tmp_path / "kilburn.csv"
    path.write_text("street,housenumber,lat,lon\nKilburn High Road,1,51.5418,-0.1966\n")
    geocoding.build_gazetteer(session, path)
    again = run(app, PDF)
    assert "updated 1" in again.output
    kilburn = deployments(session)["Kilburn High Road"]
    assert kilburn.location_status == "placed" and kilburn.geometry["type"] == "Point"
    assert [r.action for r in kilburn.revisions] == ["create", "update"]
    assert kilburn.revisions[1].before["location_status"] == "pending"


def test_the_csv_layout_gives_the_same_records(app, session):
    result = run(app, CSV, "--source", "csv copy")
    assert "read 8, created 5" in result.output and "  row 7: bad_date" in result.output


def test_an_xlsx_sheet_with_real_dates_and_times(app, session, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Deployment record (REALISTIC, NOT REAL)"])
    sheet.append(["Date", "Borough", "Deployment Location", "Time Started", "Duration", "Faces Seen"])
    sheet.append([datetime(2025, 3, 4), "Croydon", "London Road", "14:00", "2hr 30m", 1234])
    sheet.append([datetime(2025, 3, 5), "Croydon", "London Road", "14:00", "two hours", 99])
    path = tmp_path / "record.xlsx"
    book.save(path)
    result = run(app, path)
    assert "read 2, created 1" in result.output and "row 4: bad_duration" in result.output
    road = deployments(session)["London Road"]
    assert road.faces_scanned == 1234 and road.source_row == 3 and road.source_page is None


def test_a_file_without_the_mapped_header_is_refused_whole(app, session, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("when,where\n08/01/25,Oxford Circus\n")
    result = app.test_cli_runner().invoke(import_command, [str(path), "--mapping", str(MAPPING)])
    assert result.exit_code == 1 and "no header row naming the columns" in result.output
    assert session.scalar(select(func.count()).select_from(Deployment)) == 0


def test_a_repeated_date_and_location_is_a_row_reason_not_an_overwrite(app, session, tmp_path):
    lines = CSV.read_text().splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines[:3], lines[2].replace("11:00", "16:00")]) + "\n")
    result = run(app, path)
    assert "row 4: duplicate_key: same date and location as row 3" in result.output
    assert as_utc(deployments(session)["Oxford Circus"].starts_at).hour == 11
