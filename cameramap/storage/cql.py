"""CQL2 filters (a pygeofilter AST) as SQLAlchemy Core conditions over the camera tables.

Every literal becomes a bound parameter; properties map to columns through the queryables. A property
with several values per camera (capability, confidence, source) matches when any value does: its
predicate becomes an EXISTS over the claims or sources. Comparisons follow SQL's three-valued logic
(a NULL property satisfies neither a predicate nor its negation).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from pygeofilter import ast, values
from sqlalchemy import ColumnElement, and_, exists, false, not_, or_, select

from ..domain.errors import UsageError
from ..domain.queryables import DATE, DATE_TIME, GEOMETRY, INTEGER, NUMBER, QUERYABLES, STRING, Queryable
from .backends import Backend
from .models import Camera, CapabilityClaim, Operator, Provenance, Source

if TYPE_CHECKING:  # shapely loads with the first spatial filter, not with the app
    from shapely.geometry.base import BaseGeometry

Predicate = Callable[[Any], ColumnElement[bool]]  # a column (or mapped attribute) -> a condition
COMPARISONS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Equal: lambda a, b: a == b, ast.NotEqual: lambda a, b: a != b,
    ast.LessThan: lambda a, b: a < b, ast.LessEqual: lambda a, b: a <= b,
    ast.GreaterThan: lambda a, b: a > b, ast.GreaterEqual: lambda a, b: a >= b,
}
FLIPPED: dict[type, type] = {ast.LessThan: ast.GreaterThan, ast.GreaterThan: ast.LessThan,
                             ast.LessEqual: ast.GreaterEqual, ast.GreaterEqual: ast.LessEqual,
                             ast.Equal: ast.Equal, ast.NotEqual: ast.NotEqual}


@dataclass(frozen=True, eq=False, slots=True)
class Expression:
    """A parsed, checked filter and the properties it names (filters that name status see removed
    cameras)."""

    node: ast.Node
    properties: frozenset[str]

    def clause(self, backend: Backend) -> ColumnElement[bool]:
        return Translator(backend).condition(self.node)


def fail(message: str) -> UsageError:
    return UsageError(message, parameter="filter", code="invalid_filter")


def attributes(node: Any) -> list[str]:
    """Every property name in the tree, in order of appearance."""
    if isinstance(node, ast.Attribute):
        return [node.name]
    if isinstance(node, ast.Node):
        return [name for child in node.get_sub_nodes() for name in attributes(child)]
    if isinstance(node, list):
        return [name for child in node for name in attributes(child)]
    return []


def _column(name: str) -> ColumnElement[Any]:
    if name == "operator":
        return select(Operator.name).where(Operator.id == Camera.operator_id).scalar_subquery()
    return getattr(Camera, name)


def _many(name: str, test: Predicate) -> ColumnElement[bool]:
    """Any of the camera's values passes `test` (claims: its own and its operator's)."""
    if name == "source":
        return exists().where(Provenance.camera_id == Camera.id, Provenance.source_id == Source.id,
                              test(Source.name))
    column = getattr(CapabilityClaim, name)
    own = exists().where(CapabilityClaim.camera_id == Camera.id, test(column))
    inherited = exists().where(CapabilityClaim.camera_id.is_(None),
                               CapabilityClaim.operator_id == Camera.operator_id, test(column))
    return or_(own, inherited)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:  # GDAL writes a date as '2022-01-01T'
            return _as_datetime(value).date() if "T" in value.rstrip("T") else date.fromisoformat(
                value.rstrip("T"))
        except (ValueError, UsageError):
            pass
    raise fail(f"expected a date such as DATE('2022-01-01'), got {str(value)[:40]!r}")


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, str):
        with suppress(ValueError):
            value = datetime.fromisoformat(value.rstrip("T").replace("Z", "+00:00"))
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time.min, UTC)
    raise fail(f"expected a timestamp such as TIMESTAMP('2022-01-01T00:00:00Z'), got {str(value)[:40]!r}")


def literal(queryable: Queryable, value: Any) -> Any:
    """A literal checked and converted for the property's kind."""
    kind = queryable.kind
    if kind == DATE:
        return _as_date(value)
    if kind == DATE_TIME:
        return _as_datetime(value)
    if kind in (NUMBER, INTEGER):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(f"{queryable.name} is a number; got {str(value)[:40]!r}")
        return value
    if kind == STRING and isinstance(value, str):
        return value
    raise fail(f"{queryable.name} is a {kind}; got {str(value)[:40]!r}")


def geometry_of(value: Any) -> BaseGeometry:
    """A geometry literal (GeoJSON-like, BBOX or an envelope) as shapely, in lon/lat."""
    from shapely import box
    from shapely.geometry import shape

    try:
        if isinstance(value, values.Geometry):
            return shape(value.geometry)
        if isinstance(value, ast.Function) and value.name.lower() == "bbox":
            west, south, east, north = _bbox_corners(value.arguments)
        elif isinstance(value, values.Envelope):
            west, south, east, north = value.x1, value.y1, value.x2, value.y2
        else:
            raise fail(f"S_INTERSECTS needs a geometry literal, got {str(value)[:40]!r}")
        return box(west, south, east, north)
    except UsageError:
        raise
    except Exception as err:  # shapely/GEOS refuse malformed coordinates in many ways
        raise fail(f"invalid geometry literal: {str(err)[:200]}") from None


def _bbox_corners(arguments: list[Any]) -> tuple[float, float, float, float]:
    if len(arguments) == 6:  # minx, miny, minz, maxx, maxy, maxz
        arguments = [arguments[0], arguments[1], arguments[3], arguments[4]]
    if len(arguments) != 4 or not all(isinstance(v, int | float) for v in arguments):
        raise fail("BBOX takes four numbers: west, south, east, north")
    west, south, east, north = (float(v) for v in arguments)
    return west, south, east, north


class Translator:
    """One filter tree to one SQL condition, for one database (its Backend)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def condition(self, node: Any) -> ColumnElement[bool]:
        if isinstance(node, ast.And):
            return and_(self.condition(node.lhs), self.condition(node.rhs))
        if isinstance(node, ast.Or):
            return or_(self.condition(node.lhs), self.condition(node.rhs))
        if isinstance(node, ast.Not):
            return not_(self.condition(node.sub_node))
        for kind, method in self.PREDICATES:
            if isinstance(node, kind):
                clause: ColumnElement[bool] = method(self, node)
                return not_(clause) if getattr(node, "not_", False) else clause
        raise fail(f"{type(node).__name__} is not supported in filters here")

    def _queryable(self, node: Any, kinds: tuple[str, ...] | None = None) -> Queryable:
        if not isinstance(node, ast.Attribute):
            raise fail("the left side of a predicate must be a property (property-property comparisons "
                       "and functions are not supported)")
        queryable = QUERYABLES.get(node.name)
        if queryable is None:
            raise fail(f"unknown property {node.name[:60]!r}")
        if kinds is not None and queryable.kind not in kinds:
            raise fail(f"{queryable.name} ({queryable.kind}) cannot be used with this operator")
        return queryable

    def _apply(self, queryable: Queryable, test: Predicate, ordered: bool = False) -> ColumnElement[bool]:
        def checked(column: ColumnElement[Any]) -> ColumnElement[bool]:
            if ordered and queryable.kind == STRING:
                column = self.backend.ordered(column)
            return test(column)
        if queryable.many:
            return _many(queryable.name, checked)
        return checked(_column(queryable.name))

    def compare(self, node: ast.Comparison) -> ColumnElement[bool]:
        kind, lhs, rhs = type(node), node.lhs, node.rhs
        if not isinstance(lhs, ast.Attribute) and isinstance(rhs, ast.Attribute):
            kind, lhs, rhs = FLIPPED[kind], rhs, lhs
        queryable = self._queryable(lhs, (STRING, NUMBER, INTEGER, DATE, DATE_TIME))
        value, operate = literal(queryable, rhs), COMPARISONS[kind]
        return self._apply(queryable, lambda column: operate(column, value),
                           ordered=kind not in (ast.Equal, ast.NotEqual))

    def between(self, node: ast.Between) -> ColumnElement[bool]:
        queryable = self._queryable(node.lhs, (NUMBER, INTEGER, DATE, DATE_TIME, STRING))
        low, high = literal(queryable, node.low), literal(queryable, node.high)
        return self._apply(queryable, lambda column: column.between(low, high), ordered=True)

    def like(self, node: ast.Like) -> ColumnElement[bool]:
        queryable = self._queryable(node.lhs, (STRING,))
        pattern = node.pattern
        if not isinstance(pattern, str):
            raise fail("LIKE needs a text pattern")
        if node.nocase:
            raise fail("case-insensitive LIKE is not supported")
        if (len(pattern) - len(pattern.rstrip("\\"))) % 2 == 1:
            raise fail("a LIKE pattern may not end with the escape character \\")
        return self._apply(queryable, lambda column: self.backend.like(column, pattern))

    def in_list(self, node: ast.In) -> ColumnElement[bool]:
        queryable = self._queryable(node.lhs, (STRING, NUMBER, INTEGER, DATE, DATE_TIME))
        if not isinstance(node.sub_nodes, list) or not node.sub_nodes:
            raise fail("IN needs a list of one or more values")
        choices = [literal(queryable, value) for value in node.sub_nodes]
        return self._apply(queryable, lambda column: column.in_(choices))

    def is_null(self, node: ast.IsNull) -> ColumnElement[bool]:
        queryable = self._queryable(node.lhs)
        if queryable.many:
            return not_(_many(queryable.name, lambda column: column.is_not(None)))
        if queryable.kind == GEOMETRY:
            return Camera.lon.is_(None)
        return _column(queryable.name).is_(None)

    def temporal(self, node: ast.TemporalPredicate) -> ColumnElement[bool]:
        queryable = self._queryable(node.lhs, (DATE, DATE_TIME))
        rhs = node.rhs
        if isinstance(rhs, values.Interval):
            start = None if rhs.start is None else literal(queryable, rhs.start)
            end = None if rhs.end is None else literal(queryable, rhs.end)
        else:
            start = end = literal(queryable, rhs)
        return self._apply(queryable, lambda column: _temporal(type(node), column, start, end))

    def spatial(self, node: ast.SpatialComparisonPredicate) -> ColumnElement[bool]:
        self._queryable(node.lhs, (GEOMETRY,))
        found = self.backend.intersects(geometry_of(node.rhs))
        if isinstance(node, ast.GeometryIntersects):
            return found
        if isinstance(node, ast.GeometryDisjoint):
            return not_(found)
        raise fail("only S_INTERSECTS and S_DISJOINT are supported")

    PREDICATES: tuple[tuple[type, Callable[..., ColumnElement[bool]]], ...] = (
        (ast.Comparison, compare), (ast.Between, between), (ast.Like, like), (ast.In, in_list),
        (ast.IsNull, is_null), (ast.TemporalPredicate, temporal), (ast.SpatialComparisonPredicate, spatial),
    )


def _temporal(kind: type, column: ColumnElement[Any], start: Any, end: Any) -> ColumnElement[bool]:
    """An instant property against an instant (start == end) or an interval (None: open)."""
    after_start = column >= start if start is not None else None
    before_end = column <= end if end is not None else None
    if kind is ast.TimeBefore:
        return column < start if start is not None else _never(column)
    if kind is ast.TimeAfter:
        return column > end if end is not None else _never(column)
    if kind is ast.TimeEquals and start == end:
        return column == start
    if kind is ast.TimeDuring and start != end:
        return and_(column > start if start is not None else column.is_not(None),
                    column < end if end is not None else column.is_not(None))
    if kind in (ast.TimeOverlaps, ast.TimeDisjoint):  # pygeofilter reads T_INTERSECTS as TimeOverlaps
        bounds = [part for part in (after_start, before_end) if part is not None]
        inside = and_(*bounds) if bounds else column.is_not(None)
        return inside if kind is ast.TimeOverlaps else not_(inside)
    raise fail(f"{kind.__name__} is not supported on instant properties")


def _never(column: ColumnElement[Any]) -> ColumnElement[bool]:
    return false()
