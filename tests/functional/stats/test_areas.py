"""Loading area polygons: reprojection to WGS84, equal-area sizes, fields, bad rows, re-imports."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from cameramap.domain.errors import UsageError
from cameramap.importers.items import FileError
from cameramap.services.stats.areas import import_areas, layer_areas, layers
from cameramap.storage.accountability import Area

from .conftest import LAYER


def square(lon: float, lat: float, size: float = 0.01) -> list:
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


def write_geojson(path, features) -> None:
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": props, "geometry": geometry}
                    for props, geometry in features
                ],
            }
        )
    )


def test_geneva_is_reprojected_and_measured(session, geneva):
    (area,) = layer_areas(session, LAYER)
    assert area.name == "Canton Geneva"
    assert 5.956 - 1e-3 <= area.west < area.east <= 6.310 + 1e-3
    assert 46.129 - 1e-3 <= area.south < area.north <= 46.365 + 1e-3
    assert area.area_km2 == pytest.approx(282.4, rel=0.005)  # the canton measures about 282 km²
    assert area.geometry["type"] == "MultiPolygon"
    assert layers(session) == [(LAYER, 1)]


def test_reimport_updates_in_place(session, geneva, geneva_file):
    again = import_areas(session, geneva_file, LAYER, name_field="CANTON_DEP")
    assert (again.created, again.updated, again.removed) == (0, 1, 0)


def test_fields_population_and_bad_rows(session, tmp_path):
    path = tmp_path / "districts.geojson"
    write_geojson(
        path,
        [
            (
                {"name": "North", "code": "N", "population": "12,500"},
                {"type": "Polygon", "coordinates": square(24.9, 60.2)},
            ),
            (
                {"name": "South", "code": "S", "population": None},
                {"type": "Polygon", "coordinates": square(24.9, 60.1)},
            ),
            ({"name": "A point", "code": "P"}, {"type": "Point", "coordinates": [24.9, 60.1]}),
            ({"name": "Again", "code": "N"}, {"type": "Polygon", "coordinates": square(25.0, 60.1)}),
        ],
    )
    summary = import_areas(session, path, "Districts")
    assert summary.created == 2
    assert [p["row"] for p in summary.problems] == [3, 4]
    north, south = layer_areas(session, "Districts")
    assert (north.code, north.population, south.population) == ("N", 12500, None)
    assert north.area_km2 == pytest.approx(0.557 * 1.113, rel=0.02)  # 0.01° x 0.01° at 60°N
    write_geojson(
        path, [({"name": "South", "code": "S"}, {"type": "Polygon", "coordinates": square(24.9, 60.1)})]
    )
    summary = import_areas(session, path, "Districts")
    assert (summary.updated, summary.removed) == (1, 1)
    assert [a.code for a in session.scalars(select(Area).where(Area.layer == "Districts"))] == ["S"]


def test_unusable_files_leave_the_layer_alone(session, geneva, tmp_path):
    points = tmp_path / "points.geojson"
    write_geojson(points, [({"name": "x"}, {"type": "Point", "coordinates": [6.1, 46.2]})])
    with pytest.raises(FileError):
        import_areas(session, points, LAYER)
    assert len(layer_areas(session, LAYER)) == 1
    csv = tmp_path / "areas.csv"
    csv.write_text("name,lat,lon\na,1,2\n")
    with pytest.raises(FileError):
        import_areas(session, csv, "x")
    with pytest.raises(UsageError) as err:
        import_areas(session, points, "x", name_field="nope")
    assert err.value.parameter == "name_field"


def test_projected_coordinates_without_a_crs_are_refused(session, tmp_path):
    path = tmp_path / "lv95.geojson"
    ring = [[2_500_000, 1_117_000], [2_501_000, 1_117_000], [2_501_000, 1_118_000], [2_500_000, 1_117_000]]
    write_geojson(path, [({"name": "x"}, {"type": "Polygon", "coordinates": [ring]})])
    with pytest.raises(FileError) as err:
        import_areas(session, path, "x")
    assert "--crs" in err.value.message
    assert import_areas(session, path, "x", crs="EPSG:2056").created == 1
