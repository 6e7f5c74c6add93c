"""Area layers (districts, cantons, any polygons): import from GeoJSON/Shapefile/GeoPackage, list, load."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import orjson
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from sqlalchemy import CursorResult, delete, func, or_, select
from sqlalchemy.orm import Session

from ...domain.errors import NotFound, UsageError
from ...domain.geo import BBox
from ...importers.items import FileError, ReadOptions
from ...importers.registry import detect_format
from ...storage.accountability import Area

AREA_FORMATS = ("geojson", "shapefile", "gpkg")
NAME_FIELDS = ("name", "name_en", "nom", "nome", "nombre", "district", "bezirk", "название", "name_1")
CODE_FIELDS = ("code", "id", "district_id", "area_id", "objectid", "fid", "gid", "ref", "код")
POPULATION_FIELDS = ("population", "pop", "pop_total", "residents", "inhabitants", "einwohner",
                     "население", "numpoints_pop")


@dataclass
class AreaImport:
    """What an import did; `problems` lists rows that were skipped, each with its reason."""

    layer: str
    created: int = 0
    updated: int = 0
    removed: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    crs: str | None = None


def _pick(columns: list[str], wanted: str | None, candidates: tuple[str, ...], what: str) -> str | None:
    if wanted:
        if wanted not in columns:
            raise UsageError(f"the file has no {what} column {wanted!r}; it has: {', '.join(columns)}",
                             parameter=f"{what}_field")
        return wanted
    lowered = {c.lower(): c for c in columns}
    return next((lowered[c] for c in candidates if c in lowered), None)


def equal_area_km2(geometry: BaseGeometry) -> float:
    """Area in km² on a Lambert azimuthal equal-area projection centred on the polygon."""
    centre = geometry.centroid
    from pyproj import CRS, Transformer  # on first use: the map's requests never load it

    laea = CRS.from_proj4(f"+proj=laea +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m")
    project = Transformer.from_crs(4326, laea, always_xy=True)
    return float(shapely.transform(geometry, project.transform, interleaved=False).area) / 1e6


def _polygon(geometry: BaseGeometry | None) -> BaseGeometry:
    """A valid (Multi)Polygon in lon/lat, or a UsageError saying why not."""
    if geometry is None or geometry.is_empty:
        raise UsageError("empty geometry")
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise UsageError(f"a {geometry.geom_type}, not a polygon")
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
        if geometry.geom_type == "GeometryCollection":
            geometry = shapely.union_all([g for g in geometry.geoms if g.geom_type.endswith("Polygon")])
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise UsageError("coordinates outside longitude/latitude: give the file's CRS with --crs")
    return geometry


def _first_text(columns: list[str], records: list[dict[str, Any]]) -> str | None:
    """The first column holding text in every row (a name when the file has no `name` column)."""
    return next((c for c in columns if records and all(isinstance(r.get(c), str) for r in records)), None)


def _population(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        number = float(str(value).replace(",", "").replace(" ", ""))
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and number >= 0 else None


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text[:200] or None


def _file_crs(path: Path) -> str | None:
    """The CRS the file declares (before reprojection), for the report."""
    source = f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)
    import pyogrio

    try:
        return pyogrio.read_info(source).get("crs")
    except Exception:  # noqa: BLE001 - only a report detail; the import itself already read the file
        return None


def read_areas(path: Path, crs: str | None = None):
    """The file's features as a GeoDataFrame in WGS84."""
    path = Path(path)
    if not path.is_file():
        raise FileError(f"no such file: {path}", parameter="path")
    fmt = detect_format(path)
    if fmt not in AREA_FORMATS:
        raise FileError(f"{path.name} looks like {fmt}; areas come from GeoJSON, Shapefile or GeoPackage",
                        parameter="path")
    from ...importers.vector import read_frame  # geopandas, pandas, pyogrio: on first use

    frame = read_frame(path, fmt, ReadOptions(format=fmt, crs=crs))
    west, south, east, north = frame.total_bounds if len(frame) else (0, 0, 0, 0)
    if crs and not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        # GeoJSON always "declares" WGS84; numbers far outside degrees are in the CRS the caller names.
        frame = frame.set_crs(crs, allow_override=True).to_crs(4326)
    return frame


def _row_area(layer: str, values: dict[str, Any], geometry: BaseGeometry | None, row: int,
              fields: dict[str, str | None]) -> Area:
    polygon = _polygon(geometry)
    code = _text(values.get(fields["code"])) if fields["code"] else None
    name = _text(values.get(fields["name"])) if fields["name"] else None
    population = _population(values.get(fields["population"])) if fields["population"] else None
    west, south, east, north = polygon.bounds
    properties = {k: v for k, v in values.items() if isinstance(v, str | int | float | bool)
                  and not (isinstance(v, float) and not math.isfinite(v))}
    return Area(layer=layer, code=code or str(row), name=name or code or f"#{row}", population=population,
                area_km2=round(equal_area_km2(polygon), 6), west=west, south=south, east=east,
                north=north, geometry=orjson.loads(orjson.dumps(mapping(polygon))), properties=properties)


def _store(session: Session, area: Area, summary: AreaImport) -> None:
    existing = session.scalar(select(Area).where(Area.layer == area.layer, Area.code == area.code))
    if existing is None:
        session.add(area)
        summary.created += 1
        return
    for name in ("name", "population", "area_km2", "west", "south", "east", "north", "geometry",
                 "properties"):
        setattr(existing, name, getattr(area, name))
    summary.updated += 1


def import_areas(session: Session, path: str | Path, layer: str, *, name_field: str | None = None,
                 code_field: str | None = None, population_field: str | None = None,
                 crs: str | None = None) -> AreaImport:
    """Load every polygon of a file into `layer`, replacing the layer's earlier areas.

    Rows that are not usable polygons are skipped and listed with their reason.
    """
    layer = (layer or "").strip()
    if not layer or len(layer) > 200:
        raise UsageError("name the area layer (1-200 characters)", parameter="layer")
    frame = read_areas(Path(path), crs)
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    records = frame[columns].to_dict("records")
    fields = {"name": _pick(columns, name_field, NAME_FIELDS, "name") or _first_text(columns, records),
              "code": _pick(columns, code_field, CODE_FIELDS, "code"),
              "population": _pick(columns, population_field, POPULATION_FIELDS, "population")}
    summary = AreaImport(layer, crs=_file_crs(Path(path)))
    seen: set[str] = set()
    for row, (values, geometry) in enumerate(zip(records, frame.geometry, strict=True), start=1):
        try:
            area = _row_area(layer, values, geometry, row, fields)
        except UsageError as err:
            summary.problems.append({"row": row, "reason": err.message})
            continue
        if area.code in seen:
            summary.problems.append({"row": row, "reason": f"repeats code {area.code!r} of an earlier row"})
            continue
        seen.add(area.code)
        _store(session, area, summary)
    if not seen:
        first = summary.problems[0]["reason"] if summary.problems else "the file has no features"
        raise FileError(f"no usable polygon in the file ({first}); layer {layer!r} left as it was",
                        parameter="path")
    stale = delete(Area).where(Area.layer == layer, Area.code.not_in(seen))
    removed = cast(CursorResult[Any], session.execute(stale.execution_options(synchronize_session=False)))
    summary.removed = removed.rowcount or 0
    session.flush()
    return summary


def layers(session: Session) -> list[tuple[str, int]]:
    """Every area layer with its number of areas, by name."""
    rows = session.execute(select(Area.layer, func.count(Area.id)).group_by(Area.layer).order_by(Area.layer))
    return [(name, int(count)) for name, count in rows]


def layer_areas(session: Session, layer: str) -> list[Area]:
    """The areas of a layer, by name; NotFound when the layer does not exist."""
    areas = list(session.scalars(select(Area).where(Area.layer == layer).order_by(Area.name, Area.id)))
    if not areas:
        raise NotFound(f"no area layer named {layer[:100]!r}", parameter="layer")
    return areas


def shape(area: Area) -> BaseGeometry:
    return shapely.geometry.shape(area.geometry)


def area_bounds(session: Session, name: str) -> BBox:
    """The bounding box of the areas named `name` (or of the layer so named): `import --within`."""
    folded = name.strip().lower()
    found = list(session.execute(
        select(Area.west, Area.south, Area.east, Area.north)
        .where(or_(func.lower(Area.name) == folded, func.lower(Area.layer) == folded))))
    if not found:
        raise NotFound(f"no area or area layer named {name[:100]!r} (see `cameramap areas list`), "
                       "and not a bbox minlon,minlat,maxlon,maxlat", parameter="within")
    return BBox(min(r[0] for r in found), min(r[1] for r in found), max(r[2] for r in found),
                max(r[3] for r in found))
