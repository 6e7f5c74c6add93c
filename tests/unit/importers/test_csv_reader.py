"""CSV reading: encodings, delimiters, headers, coordinate columns, hostile rows and files."""

import pytest

from cameramap.importers.items import Accepted, FileError, ReadOptions, Rejected, Unlocated
from cameramap.importers.registry import open_file


def read(path, **options):
    reading = open_file(path, ReadOptions(**options))
    return reading, list(reading.items)


def accepted(items):
    return [i for i in items if isinstance(i, Accepted)]


def test_semicolon_cp1251_with_russian_column_names(tmp_path):
    path = tmp_path / "камеры.csv"
    path.write_bytes("номер;широта;долгота;описание\n1;55,7558;37,6173;Красная площадь\n"
                     "2;55,7601;37,6189;Театральная\n".encode("cp1251"))
    reading, items = read(path)
    assert reading.encoding == "cp1251"
    first = accepted(items)[0].record
    assert (first.point.lon, first.point.lat) == (37.6173, 55.7558)
    assert first.notes == "Красная площадь"


def test_cp949_korean_tab_separated(tmp_path):
    path = tmp_path / "cctv.tsv"
    rows = ["관리기관\t위도\t경도\t설명", "서울시\t37.5665\t126.9780\t시청 앞",
            "서울시\t37.5700\t126.9820\t광화문"]
    path.write_bytes(("\n".join(rows) + "\n").encode("cp949"))
    _, items = read(path, encoding="cp949")
    records = [i.record for i in accepted(items)]
    assert [r.point.lat for r in records] == [37.5665, 37.57]
    assert records[0].operator == "서울시"


def test_headerless_file_found_by_content(tmp_path):
    path = tmp_path / "noheader.csv"
    path.write_text("Parking,Albany Station,-36.7290,174.7080\nBus,Britomart,-36.8440,174.7670\n")
    _, items = read(path)
    assert [(i.row, i.record.point.lon) for i in accepted(items)] == [(1, 174.708), (2, 174.767)]


def test_wkt_column_and_projected_xy(tmp_path):
    wkt = tmp_path / "wkt.csv"
    wkt.write_text('name,geometry\ncam,"POINT (24.9402 60.1713)"\n')
    assert accepted(read(wkt)[1])[0].record.point.lat == 60.1713
    lv95 = tmp_path / "lv95.csv"
    lv95.write_text("id,X,Y\n1,2500000,1118000\n")
    point = accepted(read(lv95, crs="EPSG:2056")[1])[0].record.point
    assert 5.956 < point.lon < 6.310 and 46.129 < point.lat < 46.365
    with pytest.raises(FileError, match="--crs"):
        read(lv95)


def test_hostile_rows_are_rejected_one_by_one(tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_text("id,lat,lon\n1,95,8.5\n2,47,200\n3,NaN,8\n4,47,Infinity\n5,0,0\n6,,\n7,47.1,8.5\n"
                    '8,47.2,8.6,"extra"\n')
    _, items = read(path)
    codes = {i.row: i.code for i in items if isinstance(i, Rejected)}
    assert codes == {2: "swapped_coordinates", 3: "out_of_range", 4: "non_finite", 5: "non_finite",
                     6: "null_island", 7: "missing_coordinates", 9: "malformed_row"}
    assert [i.row for i in accepted(items)] == [8]


def test_broken_quoting_is_a_row_error_not_a_crash(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('id,lat,lon,name\n1,47.1,8.5,"fine"\n2,47.2,8.6,"never closed\n3,47.3,8.7,x\n')
    _, items = read(path)
    assert [i.row for i in accepted(items)] == [2]
    assert [i.code for i in items if isinstance(i, Rejected)] == ["malformed_row"]


def test_reading_goes_on_after_a_row_the_parser_refuses(tmp_path):
    path = tmp_path / "stray_quote.csv"
    path.write_text('id,lat,lon,name\n1,47.1,8.5,"a"b\n2,47.2,8.6,fine\n3,47.3,8.7,"c"d\n4,47.4,8.8,x\n')
    _, items = read(path)
    assert [(i.row, i.code) for i in items if isinstance(i, Rejected)] == [(2, "malformed_row"),
                                                                           (4, "malformed_row")]
    assert [i.row for i in accepted(items)] == [3, 5]


def test_address_without_coordinates_needs_a_location(tmp_path):
    path = tmp_path / "addr.csv"
    path.write_text("id,address,lat,lon\n1,Mannerheimintie 1,,\n")
    _, items = read(path)
    assert isinstance(items[0], Unlocated) and items[0].address == "Mannerheimintie 1"


def test_whole_file_errors(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(FileError, match="empty"):
        read(empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,lat,lon,name\n1,47,8,Zürich\n".encode("cp1252"))
    with pytest.raises(FileError, match="not valid utf-8"):
        read(latin, encoding="utf-8")
    with pytest.raises(FileError, match="unknown encoding"):
        read(latin, encoding="klingon")
