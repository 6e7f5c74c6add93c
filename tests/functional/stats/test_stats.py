"""Area statistics over the Geneva canton: exactly the cameras inside, densities, capabilities, pages, API."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from click.testing import CliRunner
from flask.cli import ScriptInfo
from pyproj import Transformer
from sqlalchemy import select

from cameramap.cli import main
from cameramap.domain.records import Actor
from cameramap.domain.stats import PHONE_CHART_WIDTH
from cameramap.services.accountability import records
from cameramap.services.registry.cameras import change_status
from cameramap.services.stats.figures import layer_stats, sort_areas
from cameramap.storage.models import Camera
from tests.factories import make_camera

from .conftest import LAYER

INSIDE = (6.1432, 46.2044)  # Geneva, Place du Molard
OUTSIDE = (6.6323, 46.5197)  # Lausanne


def expected_inside(session, geneva_file) -> int:
    """Counted independently: camera positions projected to LV95, tested against the original polygon."""
    polygon = gpd.read_file(geneva_file).geometry.union_all()
    to_lv95 = Transformer.from_crs(4326, 2056, always_xy=True)
    rows = session.execute(select(Camera.lon, Camera.lat).where(Camera.status != "removed")).all()
    x, y = to_lv95.transform([r[0] for r in rows], [r[1] for r in rows])
    return int(shapely.covers(polygon, shapely.points(x, y)).sum())


@pytest.fixture
def placed(session):
    """Cameras placed inside and outside, one removed, and an operator-wide claim."""
    inside = make_camera(session, lon=INSIDE[0], lat=INSIDE[1], operator="Geneva Police (test)", claims=[])
    make_camera(session, lon=INSIDE[0] + 0.001, lat=INSIDE[1], operator="Geneva Police (test)")
    make_camera(session, lon=OUTSIDE[0], lat=OUTSIDE[1], operator="Geneva Police (test)")
    removed = make_camera(session, lon=INSIDE[0], lat=INSIDE[1] + 0.001, operator=None)
    change_status(session, removed.id, "removed", Actor("moderator"))
    records.add_operator_claim(session, inside.operator_id, "face_recognition", "claimed", "news")
    session.commit()
    return inside.operator


def test_geneva_counts_exactly_the_cameras_inside(session, geneva, geneva_file, swiss, placed):
    result = layer_stats(session, LAYER)
    (count,) = result.areas
    expected = expected_inside(session, geneva_file)
    assert expected > 100  # the Swiss data has hundreds of cameras in Geneva
    assert count.cameras == expected == result.inside
    assert count.per_km2 == pytest.approx(expected / count.area.area_km2)
    assert count.per_1000 is None  # the boundary file has no population
    police = next(n for op, name, n in count.operators if op == placed.id)
    assert police == 2  # the Lausanne camera is outside, the removed one is not counted
    assert count.capabilities["face_recognition"] == 2  # inherited from the operator-wide claim
    assert count.capabilities["night_vision"] == 1  # the factory's own claim, on one of them
    assert "face_recognition" in result.capabilities


def test_factory_cameras_alone(session, geneva, placed):
    (count,) = layer_stats(session, LAYER).areas
    assert count.cameras == 2


def test_growth_counts_the_cameras_inside(session, geneva, placed):
    growth = layer_stats(session, LAYER).growth
    assert growth.added[-1][1] == 2 and growth.undated == 2
    assert growth.chart is not None
    assert growth.narrow is not None and growth.narrow.width == PHONE_CHART_WIDTH < growth.chart.width


def test_sorting(session, tmp_path, placed):
    from cameramap.services.stats.areas import import_areas

    from .test_areas import square, write_geojson

    path = tmp_path / "two.geojson"
    write_geojson(
        path,
        [
            ({"name": "Centre", "population": 1000}, {"type": "Polygon", "coordinates": square(6.14, 46.20)}),
            ({"name": "Lausanne"}, {"type": "Polygon", "coordinates": square(6.63, 46.51)}),
        ],
    )
    import_areas(session, path, "Two")
    counts = layer_stats(session, "Two").areas
    assert [c.area.name for c in sort_areas(counts, "cameras", True)] == ["Centre", "Lausanne"]
    assert [c.area.name for c in sort_areas(counts, "per_1000", False)] == ["Centre", "Lausanne"]  # None last
    assert sort_areas(counts, "per_1000", True)[0].per_1000 == pytest.approx(2.0)


def test_pages_and_api(client, geneva, placed):
    page = client.get("/stats", query_string={"layer": LAYER, "sort": "per_km2", "metric": "cameras"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Canton Geneva" in text and 'id="stats-map"' in text and "<svg" in text
    body = client.get("/api/v1/stats", query_string={"layer": LAYER}).get_json()
    assert body["areas"][0]["cameras"] == 2 and body["areas"][0]["capabilities"]["face_recognition"] == 2
    assert body["growth"]["added"][-1]["cameras"] == 2
    features = client.get("/api/v1/stats/areas", query_string={"layer": LAYER})
    assert features.mimetype == "application/geo+json"
    feature = features.get_json()["features"][0]
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert feature["properties"]["per_km2"] == pytest.approx(2 / feature["properties"]["area_km2"], rel=1e-3)
    assert client.get("/api/v1/areas").get_json()["layers"] == [{"name": LAYER, "areas": 1}]


@pytest.mark.parametrize(
    ("path", "query", "status", "parameter"),
    [
        ("/api/v1/stats", {"layer": "nope"}, 404, "layer"),
        ("/api/v1/stats", {"layer": LAYER, "x": "1"}, 400, "x"),
        ("/api/v1/stats/areas", {}, 400, "layer"),
        ("/api/v1/areas", {"q": "1"}, 400, "q"),
    ],
)
def test_api_errors(client, geneva, path, query, status, parameter):
    response = client.get(path, query_string=query)
    assert response.status_code == status and response.get_json()["parameter"] == parameter


def test_pages_without_areas_and_bad_sort(client, session, geneva):
    assert client.get("/stats?layer=nope").status_code == 404
    assert client.get("/stats", query_string={"layer": LAYER, "sort": "evil"}).status_code == 400


def test_registry_growth_without_a_layer(client, session, placed):
    page = client.get("/stats")
    assert page.status_code == 200 and "the whole registry" in page.get_data(as_text=True)
    assert client.get("/api/v1/stats").get_json()["growth"]["added"]


def test_cli_areas(app, session, geneva_file):
    runner, obj = CliRunner(), ScriptInfo(create_app=lambda: app)
    result = runner.invoke(
        main,
        ["areas", "import", str(geneva_file), "--layer", "CLI cantons", "--name-field", "CANTON_DEP"],
        obj=obj,
    )
    assert result.exit_code == 0, result.output
    assert "created 1" in result.output and "EPSG:2056" in result.output
    listing = runner.invoke(main, ["areas", "list"], obj=obj)
    assert "CLI cantons\t1" in listing.output
