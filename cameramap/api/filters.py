"""The filter parameters (OGC API - Features Part 3): CQL2 text or JSON parsed by pygeofilter, checked
against the queryables, geometry literals brought to lon/lat; every mistake a 400 saying where."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from pygeofilter import ast, values

from ..domain.errors import UsageError
from ..domain.queryables import QUERYABLES
from ..domain.texts import N_
from ..extensions import db
from ..storage.cql import Expression, attributes, geometry_of

if TYPE_CHECKING:  # shapely loads with the first filter that has a geometry, not with the app
    from lark.exceptions import UnexpectedInput
    from shapely.geometry.base import BaseGeometry

FILTER_PARAMETERS = ("filter", "filter-lang")
LANGUAGES = ("cql2-text", "cql2-json", "cql-text")  # cql-text: the draft's name, which GDAL 3.6 sends
MAX_LENGTH = 20_000
Reproject = Callable[["BaseGeometry"], "BaseGeometry"]


def _mapping(geometry: BaseGeometry) -> dict[str, Any]:
    from shapely.geometry import mapping

    return dict(mapping(geometry))


def _error(message: str) -> UsageError:
    return UsageError(message, parameter="filter", code="invalid_filter")


def language(lang: str | None) -> str:
    """The filter-lang given (cql2-text when absent); another is a 400."""
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"filter-lang must be one of {', '.join(LANGUAGES)}, got {lang[:30]!r}",
                         parameter="filter-lang")
    return lang or "cql2-text"


def parse(text: str, lang: str | None = None, to_lonlat: Reproject | None = None) -> Expression:
    """A checked filter; `to_lonlat` brings geometry literals from filter-crs to lon/lat."""
    lang = language(lang)
    if len(text) > MAX_LENGTH:
        raise _error(f"filter is longer than {MAX_LENGTH} characters")
    node = _parse_json(text) if lang == "cql2-json" else _parse_text(text)
    if not isinstance(node, ast.Node):
        raise _error("filter must be a condition (a predicate or a logical combination of them)")
    names = attributes(node)
    for name in names:
        if name not in QUERYABLES:
            raise _error(f"unknown property {name[:60]!r} {_where(text, lang, name)}; see "
                         "/ogc/collections/cameras/queryables")
    _reproject(node, to_lonlat)
    expression = Expression(node, frozenset(names))
    expression.clause(db.backend)  # checks types and operators now, before any query runs
    return expression


def _parse_text(text: str) -> Any:
    # The parsers (lark grammars, dateparser) load with the first filter, not in every worker.
    from lark.exceptions import UnexpectedInput, VisitError
    from pygeofilter.parsers.cql2_text import parse as parse_text

    try:
        return parse_text(text)
    except UnexpectedInput as err:
        raise _error(f"filter does not parse at line {err.line}, column {err.column}: "
                     f"{_unexpected(err)}") from None
    except VisitError as err:
        raise _error(f"filter has an invalid value: {str(err.orig_exc)[:200]}") from None
    except (ValueError, TypeError, RecursionError) as err:
        raise _error(f"filter is not valid CQL2 text: {str(err)[:200]}") from None


def _unexpected(err: UnexpectedInput) -> str:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF

    if isinstance(err, UnexpectedEOF) or getattr(getattr(err, "token", None), "type", "") == "$END":
        return "the filter ends too early"
    if isinstance(err, UnexpectedCharacters):
        return f"unexpected character {err.char!r}"
    token = getattr(err, "token", None)
    return f"unexpected {str(token)[:40]!r}" if token is not None else "unexpected input"


def _parse_json(text: str) -> Any:
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as err:
        raise _error(f"filter is not JSON: {err}") from None
    from pygeofilter.parsers.cql2_json import parse as parse_json

    try:
        return parse_json(_normalize(document))
    except UsageError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as err:
        raise _error(f"filter is not valid CQL2 JSON: {str(err)[:200]}") from None


def _normalize(node: Any) -> Any:
    """CQL2 JSON 1.0 as pygeofilter 0.4 reads it: between's bounds as a pair, a bbox as a polygon."""
    if isinstance(node, list):
        return [_normalize(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "bbox" in node and isinstance(node["bbox"], list):
        corners = node["bbox"]
        if len(corners) == 6:
            corners = [corners[0], corners[1], corners[3], corners[4]]
        if len(corners) != 4 or not all(isinstance(v, int | float) for v in corners):
            raise _error("a bbox takes four numbers: west, south, east, north")
        from shapely import box

        return _mapping(box(*corners))
    args = node.get("args")
    if node.get("op") == "between" and isinstance(args, list) and len(args) == 3:
        args = [args[0], [args[1], args[2]]]
    if node.get("op") in ("like", "in") and isinstance(args, list) and len(args) != 2:
        raise _error(f"{node['op']} takes two arguments")
    return {**node, "args": _normalize(args)} if "args" in node else node


def _where(text: str, lang: str, name: str) -> str:
    """Where a property is named: a character position (text) or a JSON path."""
    if lang != "cql2-json":
        match = re.search(rf'(?<![\w"]){re.escape(name)}(?!\w)|"{re.escape(name)}"', text)
        return f"at character {match.start() + 1}" if match else ""
    path = _json_path(orjson.loads(text), name, "$")
    return f"at {path}" if path else ""


def _json_path(node: Any, name: str, here: str) -> str | None:
    if isinstance(node, dict):
        if node.get("property") == name:
            return here
        items = list(node.items())
    elif isinstance(node, list):
        items = [(f"[{i}]", item) for i, item in enumerate(node)]
    else:
        return None
    for key, child in items:
        found = _json_path(child, name, f"{here}{key}" if key.startswith("[") else f"{here}.{key}")
        if found:
            return found
    return None


def _reproject(node: Any, to_lonlat: Reproject | None) -> None:
    """Geometry literals as lon/lat polygons or points, checked to lie on the globe."""
    if isinstance(node, ast.SpatialComparisonPredicate):
        geometry = geometry_of(node.rhs)
        if to_lonlat is not None:
            geometry = to_lonlat(geometry)
        west, south, east, north = geometry.bounds
        if geometry.is_empty or not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise _error("a geometry in filter lies outside -180..180, -90..90 (lon/lat); "
                         "use filter-crs for other coordinate systems")
        node.rhs = values.Geometry(_mapping(geometry))
    elif isinstance(node, ast.Node):
        for child in node.get_sub_nodes():
            _reproject(child, to_lonlat)


def within(expression: Expression | None, area: BaseGeometry) -> Expression:
    """`expression` (if any) and the cameras inside a lon/lat area (a bbox given in another CRS)."""
    inside = ast.GeometryIntersects(ast.Attribute("geometry"), values.Geometry(_mapping(area)))
    if expression is None:
        return Expression(inside, frozenset({"geometry"}))
    return Expression(ast.And(inside, expression.node), expression.properties | {"geometry"})


def openapi_parameters(blank: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """filter and filter-lang as OpenAPI query parameters; `blank`: the schema of a blank value
    (API v1 lists it; /ogc keeps filter-lang a plain enum, where GDAL looks for cql-text)."""
    language: dict[str, Any] = {"type": "string", "enum": list(LANGUAGES)}
    return [
        {"name": "filter", "in": "query", "required": False, "schema": {"type": "string"},
         "description": N_("a CQL2 filter over the queryables (/ogc/collections/cameras/queryables), e.g. "
                           "capability = 'face_recognition' AND first_seen >= DATE('2022-01-01'); "
                           "a blank value counts as absent"), "example": "capability = 'face_recognition'"},
        {"name": "filter-lang", "in": "query", "required": False,
         "schema": {"anyOf": [language, blank]} if blank else {**language, "default": "cql2-text"},
         "description": N_("cql2-text (default) or cql2-json; cql-text is the draft's name of cql2-text")},
    ]
