"""Outliers: a row far outside where the rest of its file lies is rejected (or kept, flagged) with its
distance and the nearest plausible reading; legitimately spread files import unchanged."""

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cameramap.cli.imports import import_command
from cameramap.importers.items import ReadOptions
from cameramap.storage.models import Camera, Provenance

from .helpers import run

FIXTURES = Path(__file__).parent / "fixtures"
DAEJEON = FIXTURES / "daejeon_cctv_digit_swap.csv"


def test_a_digit_swapped_longitude_is_rejected_with_its_nearest_plausible_reading(session):
    report = run(session, DAEJEON, source="Daejeon")
    assert (report.summary.read, report.summary.created, report.summary.rejected) == (40, 39, {"outlier": 1})
    [row] = report.rejected
    assert (row["row"], row["reason"], row["values"]["경도"]) == (18, "outlier", "172.391245")
    assert 3900 < row["distance_km"] < 4100 and "3,99" in row["message"]
    assert row["suggestion"]["lon"] == 127.391245 and "two digits swapped" in row["suggestion"]["how"]
    assert row["suggestion"]["distance_km"] < 10
    assert [(o["row"], o["kept"]) for o in report.outliers] == [(18, False)]
    # nothing the report calls rejected is stored, and nothing was silently corrected either
    assert session.scalar(select(func.count()).select_from(Camera)) == 39
    assert session.scalar(select(func.max(Camera.lon))) < 128
    assert all(p.tags.get("경도") != "172.391245" for p in session.scalars(select(Provenance)))


def test_keep_outliers_stores_them_flagged(session):
    report = run(session, DAEJEON, source="Daejeon", read=ReadOptions(keep_outliers=True))
    assert (report.summary.created, report.summary.rejected, report.summary.outliers_kept) == (40, {}, 1)
    [outlier] = report.outliers
    assert (outlier["row"], outlier["kept"]) == (18, True) and outlier["suggestion"]["lon"] == 127.391245
    assert any(n["row"] == 18 and "outlier kept" in n["note"] for n in report.notes)
    camera = session.scalar(select(Camera).where(Camera.lon > 170))
    assert camera.lat == 36.317778 and camera.provenance[0].tags["cameramap:outlier"].endswith(" km")


@pytest.mark.parametrize(("path", "count"), [("switzerland/switzerland_surveillance_overpass.json", 2144),
                                             ("deflock/Delaware.json", 98)])
def test_country_and_state_wide_files_import_unchanged(session, shared_data, path, count):
    report = run(session, shared_data / path, source="spread")
    assert (report.summary.created, report.summary.rejected, report.outliers) == (count, {}, [])


def _write(path: Path, points: list[tuple[float, float]]) -> Path:
    rows = "".join(f"{i},{lat:.6f},{lon:.6f}\n" for i, (lon, lat) in enumerate(points))
    path.write_text("id,lat,lon\n" + rows)
    return path


def test_a_file_sorted_by_region_and_a_remote_town_are_not_outliers(session, tmp_path):
    """Generated: 1,200 cameras around Zurich then 1,200 around Geneva (the estimate of the core
    moves while reading), and 3 cameras in a town 150 km from a city's 100."""
    rng = random.Random(4)
    zurich = [(8.54 + rng.uniform(-0.05, 0.05), 47.37 + rng.uniform(-0.03, 0.03)) for _ in range(1200)]
    geneva = [(6.14 + rng.uniform(-0.05, 0.05), 46.20 + rng.uniform(-0.03, 0.03)) for _ in range(1200)]
    sorted_file = run(session, _write(tmp_path / "regions.csv", zurich + geneva), source="regions")
    assert (sorted_file.summary.created, sorted_file.summary.rejected) == (2400, {})
    city = [(24.94 + rng.uniform(-0.03, 0.03), 60.17 + rng.uniform(-0.02, 0.02)) for _ in range(100)]
    town = [(22.27, 60.45), (22.271, 60.451), (22.269, 60.452)]  # Turku, 150 km away
    lone = [(27.0, 62.0)]  # 270 km away, alone
    report = run(session, _write(tmp_path / "town.csv", city[:50] + town + city[50:] + lone), source="town")
    assert report.summary.rejected == {"outlier": 1}
    assert [r["row"] for r in report.rejected] == [105]  # the last of 104 rows under the header


def test_cli_reports_outliers_and_keeps_them_on_request(app, session, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "r.json"
    result = runner.invoke(import_command, [str(DAEJEON), "--report", str(out)])
    assert result.exit_code == 0, result.output
    assert "rejected outlier: 1 (row 18)" in result.output and "--keep-outliers" in result.output
    assert "--report FILE.json" not in result.output  # it was given
    assert json.loads(out.read_text())["outliers"][0]["row"] == 18
    kept = runner.invoke(import_command, [str(DAEJEON), "--keep-outliers", "--source", "kept"])
    assert "kept 1 outlier(s) far from the other rows, flagged for review (row 18)" in kept.output
    assert "conflated 39" in kept.output and "rerun with --report FILE.json" in kept.output


def test_in_a_small_file_a_row_far_from_all_others_is_kept_flagged_not_rejected(session, tmp_path):
    """Realistic: five cameras in central Helsinki and one 249 km away, a typo in its latitude
    (61.xx for 60.xx); too few rows to reject on, so it is stored with a flag and a note."""
    near = [(24.9410, 60.1690), (24.9460, 60.1700), (24.9500, 60.1660), (24.9380, 60.1720),
            (24.9440, 60.1650)]
    path = _write(tmp_path / "small.csv", [*near, (24.9420, 62.4010)])
    report = run(session, path, source="small")
    assert (report.summary.created, report.summary.rejected, report.summary.outliers_kept) == (6, {}, 1)
    [outlier] = report.outliers
    assert (outlier["row"], outlier["kept"]) == (7, True) and 245 < outlier["distance_km"] < 252
    assert any(n["row"] == 7 and "only 6 rows: kept, for review" in n["note"] for n in report.notes)
    camera = session.scalar(select(Camera).where(Camera.lat > 62))
    assert camera.provenance[0].tags["cameramap:outlier"].endswith(" km")


@pytest.mark.parametrize("points", [
    [(24.94, 60.17), (24.95, 60.18), (22.27, 60.45), (22.28, 60.46)],  # two cities, two cameras each
    [(24.94, 60.17), (22.27, 60.45), (25.47, 65.01)],  # three rows: too few to say anything
])
def test_small_files_of_several_places_are_left_alone(session, tmp_path, points):
    report = run(session, _write(tmp_path / "places.csv", points), source="places")
    assert (report.summary.created, report.summary.rejected, report.outliers) == (len(points), {}, [])
