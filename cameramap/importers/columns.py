"""Find a table's coordinate columns (by name in many languages, or by content) and read them per row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .coords import (
    LAT_NAMES,
    LON_NAMES,
    PACKED_NAMES,
    X_NAMES,
    Y_NAMES,
    normalize_name,
    parse_number,
    parse_packed,
)
from .items import FileError, ReadOptions, Repaired, RowProblem
from .numbers import Number, read_coordinate, read_pair

if TYPE_CHECKING:
    from pyproj import Transformer

Coordinates = tuple[float | None, float | None]


def transformer_for(crs: str | None) -> Transformer | None:
    """A transformer from `crs` to WGS84 lon/lat; None when `crs` is already EPSG:4326 or absent."""
    if not crs:
        return None
    from pyproj import CRS, Transformer  # on first use: the app's start never needs it
    from pyproj.exceptions import CRSError

    try:
        source = CRS.from_user_input(crs)
    except CRSError:
        raise FileError(f"unknown coordinate reference system {crs!r}", parameter="crs") from None
    if source.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return None
    return Transformer.from_crs(source, 4326, always_xy=True)


@dataclass(slots=True)
class CoordinatePlan:
    """Where a row's coordinates are: two columns, one packed column, or nowhere."""

    lon: str | None = None
    lat: str | None = None
    packed: str | None = None
    order: str = "auto"
    transformer: Transformer | None = None

    def extract(self, row: dict[str, Any]) -> Coordinates | Repaired | RowProblem:
        x: float | Number | None
        y: float | Number | None
        try:
            if self.packed is not None:
                raw = row.get(self.packed)
                if raw is None or not str(raw).strip():
                    return None, None
                pair = parse_packed(raw, self.order) or read_pair(str(raw), self.order)
                if pair is None:
                    return RowProblem("unparsable_coordinates",
                                      f"cannot read coordinates from {str(raw)[:60]!r}")
                x, y = pair
            elif self.lon is not None and self.lat is not None:
                projected = self.transformer is not None
                x = read_coordinate(row.get(self.lon), "lon", name=self.lon, projected=projected)
                y = read_coordinate(row.get(self.lat), "lat", name=self.lat, projected=projected)
            else:
                return None, None
        except RowProblem as problem:
            return problem
        if isinstance(x, Number) or isinstance(y, Number):
            return self._repaired(x, y)
        lon, lat = x, y
        if self.transformer is not None and lon is not None and lat is not None:
            lon, lat = self.transformer.transform(lon, lat)
        return lon, lat

    def _repaired(self, x: float | Number | None, y: float | Number | None) -> Coordinates | Repaired:
        """Every reading of cells that needed repair (grouped digits may be read several ways)."""
        if x is None or y is None:
            return None, None
        xs, ys = (_readings(v) for v in (x, y))
        pairs = [(a, b) for a in xs for b in ys]
        if self.transformer is not None:  # projected: the cells' numbers are metres, read once
            return self.transformer.transform(*pairs[0])
        cells = tuple((v.repair or "", v.text, at) for at, v in enumerate((x, y)) if isinstance(v, Number))
        return Repaired(pairs, cells)

    def describe(self) -> str:
        if self.packed:
            return f"coordinates packed in column {self.packed!r}"
        if self.lon:
            return f"longitude from {self.lon!r}, latitude from {self.lat!r}"
        return "no coordinate columns"


def _readings(value: float | Number) -> tuple[float, ...]:
    if not isinstance(value, Number):
        return (value,)
    return (value.value,) if value.value is not None else value.choices


def _numbers(rows: list[dict[str, Any]], column: str) -> list[float]:
    found = []
    for row in rows:
        try:
            value = parse_number(row.get(column))
        except RowProblem:
            continue
        if value is not None:
            found.append(value)
    return found


def _is_pair(text: str) -> bool:
    try:
        return parse_packed(text) is not None or read_pair(text) is not None
    except RowProblem:
        return True  # two numbers, one with a letter on the wrong axis: a pair all the same


def _packed_share(rows: list[dict[str, Any]], column: str) -> float:
    texts = [str(v) for r in rows if (v := r.get(column)) is not None and str(v).strip()]
    return sum(map(_is_pair, texts)) / len(texts) if texts else 0.0


def _from_mapping(spec: dict[str, str], crs: str | None) -> CoordinatePlan:
    if "packed" in spec:
        return CoordinatePlan(packed=spec["packed"], order=spec.get("order", "auto"))
    if "lat" in spec and "lon" in spec:
        return CoordinatePlan(lon=spec["lon"], lat=spec["lat"], transformer=transformer_for(crs))
    if "x" in spec and "y" in spec:
        return CoordinatePlan(lon=spec["x"], lat=spec["y"], transformer=transformer_for(crs))
    raise FileError("mapping coordinates needs lat+lon, x+y or packed", parameter="mapping")


def _xy(norm: dict[str, str], rows: list[dict[str, Any]], crs: str | None) -> CoordinatePlan | None:
    x, y = (next((norm[n] for n in names if n in norm), None) for names in (X_NAMES, Y_NAMES))
    if x is None or y is None:
        return None
    if crs:
        return CoordinatePlan(lon=x, lat=y, transformer=transformer_for(crs))
    values = _numbers(rows, x) + _numbers(rows, y)
    if any(abs(v) > 180 for v in values):
        raise FileError(f"columns {x!r}/{y!r} hold projected coordinates (values beyond 180); "
                        "pass --crs EPSG:XXXX", parameter="crs")
    return CoordinatePlan(lon=x, lat=y)


def _by_content(columns: list[str], rows: list[dict[str, Any]]) -> CoordinatePlan | None:
    """Headerless files: a packed column, or two neighbouring numeric columns that fit lat, lon."""
    for column in columns:
        if _packed_share(rows, column) >= 0.5:
            return CoordinatePlan(packed=column)
    numeric = [c for c in columns if len(_numbers(rows, c)) >= max(1, len(rows) // 2)]
    for first, second in zip(numeric, numeric[1:], strict=False):
        a, b = _numbers(rows, first), _numbers(rows, second)
        if all(abs(v) <= 90 for v in a) and all(abs(v) <= 180 for v in b):
            return CoordinatePlan(lon=second, lat=first)
        if all(abs(v) <= 180 for v in a) and all(abs(v) <= 90 for v in b):
            return CoordinatePlan(lon=first, lat=second)
    return None


def plan_coordinates(columns: list[str], rows: list[dict[str, Any]], options: ReadOptions) -> CoordinatePlan:
    """Decide once per file where coordinates are, looking at the names then at sample rows."""
    mapping = options.mapping
    crs = options.crs or (mapping.crs if mapping else None)
    if mapping and mapping.coordinates:
        return _from_mapping(mapping.coordinates, crs)
    norm = {normalize_name(c): c for c in reversed(columns)}
    lat = next((norm[n] for n in norm if n in LAT_NAMES), None)
    lon = next((norm[n] for n in norm if n in LON_NAMES), None)
    if lat and lon:
        return CoordinatePlan(lon=lon, lat=lat, transformer=transformer_for(crs))
    plan = _xy(norm, rows, crs)
    if plan is not None:
        return plan
    for name, column in norm.items():
        if name in PACKED_NAMES and _packed_share(rows, column) > 0:
            return CoordinatePlan(packed=column)
    return _by_content(columns, rows) or CoordinatePlan()
