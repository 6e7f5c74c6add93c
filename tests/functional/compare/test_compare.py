"""Official vs observed on real data: Toronto's red-light cameras against an altered copy of themselves."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from cameramap.cli import main
from cameramap.domain.geo import Point
from cameramap.domain.records import SourceSpec
from cameramap.importers.items import Accepted
from cameramap.importers.registry import open_file
from cameramap.services.accountability.compare import compare
from cameramap.services.imports.store import ImportOptions, import_items

DISTANCE = 25.0
DROPPED = range(0, 10)  # feature indexes left out of the observed copy
MOVED_COUNT = 5  # isolated cameras moved 60 m north: beyond the matching distance
MOVE_M = 60.0
WIDE = 100.0  # a distance that takes the moved cameras back in
ADDED = 7
OFFICIAL = SourceSpec("Toronto red light cameras (official)", "official_registry", licence="OGL-Toronto")
OBSERVED = SourceSpec("Toronto street survey", "crowd")


@dataclass
class Scenario:
    official_ids: list[str]  # record ids of the official features, in file order
    observed_ids: list[str]  # record ids of the altered copy's features, in its order
    kept: list[int | None]  # official index of each observed feature (None for added ones)
    moved: list[int]  # official indexes of the moved features


def record_ids(path: Path) -> list[str]:
    items = list(open_file(path).items)
    assert all(isinstance(item, Accepted) for item in items)
    return [item.record.source_record_id for item in items]


def shifted(feature: dict, north_m: float, east_m: float, number: int | None = None) -> dict:
    copy = json.loads(json.dumps(feature))
    lon, lat = copy["geometry"]["coordinates"]
    lat += north_m / 111_195
    lon += east_m / (111_195 * math.cos(math.radians(lat)))
    copy["geometry"]["coordinates"] = [lon, lat]
    copy["properties"].update(Latitude=lat, Longitude=lon)
    if number is not None:
        copy["properties"]["PX"] = number
    return copy


def far_from_all(feature: dict, features: list[dict], but: int | None = None, metres: float = WIDE) -> bool:
    """No official camera (but its own original) within `metres`."""
    point = Point(*feature["geometry"]["coordinates"])
    return all(
        point.distance_m(Point(*f["geometry"]["coordinates"])) > metres
        for i, f in enumerate(features)
        if i != but
    )


@pytest.fixture
def scenario(session, shared_data, tmp_path) -> Scenario:
    source = shared_data / "toronto" / "rlc_locations.geojson"
    data = json.loads(source.read_text(encoding="utf-8"))
    features = data["features"]
    moved = [
        i
        for i in range(len(DROPPED), len(features))
        if far_from_all(features[i], features, but=i, metres=WIDE + MOVE_M)
    ][:MOVED_COUNT]
    observed, kept = [], []
    for index, feature in enumerate(features):
        if index in DROPPED:
            continue
        observed.append(shifted(feature, MOVE_M, 0) if index in moved else feature)
        kept.append(index)
    added = [shifted(features[20 + i], 0, 700 + 40 * i, number=900_000 + i) for i in range(ADDED)]
    observed += added
    kept += [None] * ADDED
    for feature in added:
        assert far_from_all(feature, features), "added cameras must lie away from every official one"
    for index in moved:
        assert far_from_all(observed[kept.index(index)], features, but=index), "moved too near another"
    copy = tmp_path / "observed.geojson"
    copy.write_text(json.dumps({**data, "features": observed}), encoding="utf-8")
    for spec, path in ((OFFICIAL, source), (OBSERVED, copy)):
        import_items(session, spec, open_file(path).items, ImportOptions(conflate_m=None))
    return Scenario(record_ids(source), record_ids(copy), kept, moved)


def test_exactly_the_expected_three_lists(session, scenario):
    result = compare(session, OFFICIAL.name, OBSERVED.name, DISTANCE)
    pairs = {(p.declared.key.record_id, p.observed.key.record_id) for p in result.matching.matched}
    expected_pairs = {
        (scenario.official_ids[i], scenario.observed_ids[k])
        for k, i in enumerate(scenario.kept)
        if i is not None and i not in scenario.moved
    }
    assert pairs == expected_pairs
    assert len(pairs) == 154 - len(DROPPED) - MOVED_COUNT
    assert {s.key.record_id for s in result.matching.declared_only} == {
        scenario.official_ids[i] for i in [*DROPPED, *scenario.moved]
    }
    assert {s.key.record_id for s in result.matching.observed_only} == {
        scenario.observed_ids[k] for k, i in enumerate(scenario.kept) if i is None or i in scenario.moved
    }
    assert all(p.distance_m == 0 for p in result.matching.matched)


def test_a_wider_distance_matches_the_moved_cameras(session, scenario):
    result = compare(session, OFFICIAL.name, OBSERVED.name, WIDE)
    assert result.counts() == {
        "matched": 154 - len(DROPPED),
        "observed_only": ADDED,
        "declared_only": len(DROPPED),
    }


def test_csv_download_lists_every_row(client, scenario):
    response = client.get(
        "/compare.csv",
        query_string={"official": OFFICIAL.name, "observed": OBSERVED.name, "distance": str(DISTANCE)},
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    results = [row["result"] for row in rows]
    assert results.count("matched") == 139
    assert results.count("observed_only") == MOVED_COUNT + ADDED
    assert results.count("declared_only") == len(DROPPED) + MOVED_COUNT
    assert {row["declared_record_id"] for row in rows if row["result"] == "declared_only"} == {
        scenario.official_ids[i] for i in [*DROPPED, *scenario.moved]
    }


def test_page_and_api(client, scenario):
    query = {"official": OFFICIAL.name, "observed": OBSERVED.name, "distance": "25"}
    page = client.get("/compare", query_string=query)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<span class="n">139</span> match' in text
    assert '<span class="n">12</span> observed but not declared' in text
    assert '<span class="n">15</span> declared but not found' in text
    assert 'id="compare-map"' in text
    body = client.get("/api/v1/compare", query_string=query).get_json()
    assert body["counts"] == {"matched": 139, "observed_only": 12, "declared_only": 15}
    assert len(body["features"]) == 139 + 12 + 15


def test_cli_compare(app, scenario, tmp_path):
    out = tmp_path / "compare.csv"
    result = CliRunner().invoke(
        main,
        [
            "compare",
            "--official",
            OFFICIAL.name,
            "--observed",
            OBSERVED.name,
            "--distance",
            "25",
            "--csv",
            str(out),
        ],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 0, result.output
    assert "match: 139" in result.output and "declared but not found: 15" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 139 + 12 + 15


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ({"official": "nope", "observed": "x"}, 404, "official"),
        ({"official": OFFICIAL.name, "observed": OFFICIAL.name}, 400, "observed"),
        ({"official": OFFICIAL.name, "observed": OBSERVED.name, "distance": "-1"}, 400, "distance"),
        ({"official": OFFICIAL.name, "observed": OBSERVED.name, "colour": "red"}, 400, "colour"),
    ],
)
def test_api_errors_name_the_parameter(client, scenario, query, status, parameter):
    response = client.get("/api/v1/compare", query_string=query)
    assert response.status_code == status
    assert response.get_json()["parameter"] == parameter


def test_the_empty_form_renders(client, session):
    response = client.get("/compare")
    assert response.status_code == 200 and "Official vs observed" in response.get_data(as_text=True)
