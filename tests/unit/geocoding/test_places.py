"""Named places in the offline gazetteer: read from OSM in every language, ranked above their stops."""

from __future__ import annotations

from cameramap.geocoding.base import Precision, Status
from cameramap.geocoding.builder import read_osm
from cameramap.geocoding.gazetteer import Gazetteer
from cameramap.geocoding.index import GazetteerIndex
from cameramap.geocoding.records import AddressRow, PlaceRow, StreetRow
from tests.unit.basemap.conftest import write_extract


def _gazetteer(rows) -> Gazetteer:
    rows = list(rows)
    return Gazetteer(GazetteerIndex([r for r in rows if isinstance(r, AddressRow)],
                                    [r for r in rows if isinstance(r, StreetRow)],
                                    [r for r in rows if isinstance(r, PlaceRow)]))


def test_a_park_area_and_a_suburb_are_read(tmp_path):
    rows = [r for r in read_osm(write_extract(tmp_path / "small.osm")) if isinstance(r, PlaceRow)]
    kinds = {r.name: r.kind for r in rows}
    assert kinds == {"Testipuisto": "park", "Testila": "suburb"}
    answer = _gazetteer(read_osm(tmp_path / "small.osm")).geocode("testipuisto")
    assert answer.status is Status.OK and answer.best.precision is Precision.PLACE
    assert 24.941 < answer.best.point.lon < 24.943 and 60.168 < answer.best.point.lat < 60.169


def test_every_name_finds_the_place_and_the_square_beats_its_stop():
    names = ("Torget", "Market Square", "Рыночная площадь")
    square = PlaceRow("Torget", names, "square", 24.95, 60.167, "w/1")
    stop = PlaceRow("Torget", (), "tram_stop", 24.9525, 60.1672, "n/2")  # 140 m away: one place
    far_stop = PlaceRow("Torget", (), "tram_stop", 24.97, 60.167, "n/3")  # 1.1 km away
    city = PlaceRow("Testby", (), "city", 24.94, 60.17, "n/4")
    gazetteer = _gazetteer([square, stop, far_stop, city])
    for query in ("Torget", "market square", "Рыночная площадь", "Testby Market Square", "Markt Square"):
        answer = gazetteer.geocode(query)
        assert answer.status is Status.OK, query
        assert answer.best.precision is Precision.PLACE
        assert (answer.best.point.lon, answer.best.point.lat) in {(24.95, 60.167), (24.9525, 60.1672)}
    assert gazetteer.geocode("Market Square").best.label == "Torget (Market Square)"
    assert gazetteer.geocode("Testby").best.precision is Precision.LOCALITY
    assert gazetteer.geocode("Torget 5").best is None or \
        gazetteer.geocode("Torget 5").best.precision is not Precision.PLACE
