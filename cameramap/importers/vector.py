"""GeoJSON, Shapefile (plain or zipped) and GeoPackage through pyogrio, reprojected to WGS84."""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.geometry.base import BaseGeometry

from .columns import plan_coordinates
from .items import FileError, Reading, ReadItem, ReadOptions, RowProblem
from .plausibility import screen
from .rows import build_item
from .rules import RowMapper
from .xmlsafe import check_xml


def _gdal_path(path: Path, fmt: str) -> str:
    if path.suffix.lower() == ".zip":
        return f"/vsizip/{path}"
    return str(path)


def _layers(path: str) -> list[str]:
    try:
        return [str(name) for name, _kind in pyogrio.list_layers(path)]
    except (DataSourceError, DataLayerError, OSError) as err:
        raise FileError(f"cannot open the file: {err}") from None


def _check_kml(path: Path, fmt: str) -> None:
    if fmt == "kml":
        check_xml(path)
    elif fmt == "kmz":
        if not zipfile.is_zipfile(path):
            raise FileError("a KMZ must be a zip archive")
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.lower().endswith(".kml"):
                    with archive.open(name) as member:
                        check_xml(member, name)


def read_frame(path: Path, fmt: str, options: ReadOptions) -> gpd.GeoDataFrame:
    """Every layer of the file, concatenated, in EPSG:4326 (or the --crs when the file has none).
    KML and KMZ (area polygons) are checked for entity bombs first."""
    _check_kml(path, fmt)
    source = _gdal_path(path, fmt)
    frames, read_in = [], []
    for layer in _layers(source):
        try:
            frame = pyogrio.read_dataframe(source, layer=layer, encoding=options.encoding)
        except (DataSourceError, DataLayerError, ValueError, OSError) as err:
            raise FileError(f"cannot read layer {layer!r}: {err}") from None
        if options.crs:
            frame = frame.set_crs(options.crs, allow_override=True) if frame.crs is None else frame
        read_in.append(_crs_text(frame.crs))
        if frame.crs is not None and frame.geometry.notna().any():
            frame = frame.to_crs(4326)
        frames.append(frame)
    if not frames:
        raise FileError("the file holds no layers")
    whole = frames[0] if len(frames) == 1 else gpd.GeoDataFrame(
        gpd.pd.concat(frames, ignore_index=True), geometry="geometry", crs=frames[0].crs)
    whole.attrs["source_crs"] = ", ".join(dict.fromkeys(read_in))
    return whole


def _crs_text(crs: Any) -> str:
    """`EPSG:2056 (CH1903+ / LV95)`; a CRS without an EPSG code by its name."""
    if crs is None:
        return "none (WGS84 assumed)"
    code = crs.to_epsg()
    return f"EPSG:{code} ({crs.name})" if code else str(crs.name)


def _shapes(frame: gpd.GeoDataFrame) -> list[str]:
    """A warning per kind of geometry other than a point: a camera stands at one point."""
    kinds = frame.geometry[frame.geometry.notna() & ~frame.geometry.is_empty].geom_type.value_counts()
    return [f"{count} {kind} feature(s), not points: each camera was placed at a representative point "
            "inside its shape (noted on each row)" for kind, count in kinds.items() if kind != "Point"]


def point_of(geometry: BaseGeometry | None) -> tuple[tuple[float, float] | RowProblem, tuple[str, ...]]:
    if geometry is None or geometry.is_empty:
        return RowProblem("empty_geometry"), ()
    if geometry.geom_type == "Point":
        return (geometry.x, geometry.y), ()
    try:
        point = geometry.representative_point()
    except Exception:  # noqa: BLE001 - GEOS refuses invalid geometries in many ways
        return RowProblem("empty_geometry", f"cannot place the {geometry.geom_type}"), ()
    note = f"the geometry is a {geometry.geom_type}; a representative point inside it was used"
    return (point.x, point.y), (note,)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return None if str(value) == "NaT" else value.isoformat()
    return value


def read_vector(path: str | Path, fmt: str, options: ReadOptions) -> Reading:
    path = Path(path)
    frame = read_frame(path, fmt, options)
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    has_geometry = frame.geometry.notna().any()
    records = [{k: _clean(v) for k, v in row.items()} for row in frame[columns].to_dict("records")]
    plan = plan_coordinates(columns, records[:200], options) if not has_geometry else None
    mapper = RowMapper(columns, options, placed={plan.lon, plan.lat, plan.packed} if plan else None)
    geometries = list(frame.geometry)
    done = [0]

    def items() -> Iterator[ReadItem]:
        for number, (values, geometry) in enumerate(zip(records, geometries, strict=True), start=1):
            done[0] = number
            if plan is not None:
                yield build_item(number, values, plan.extract(values), mapper, options)
                continue
            lonlat, notes = point_of(geometry)
            yield build_item(number, values, lonlat, mapper, options, notes)

    crs = frame.attrs["source_crs"]
    return Reading(fmt, screen(items(), options), len(records), lambda: done[0], None,
                   [f"{len(records)} features, CRS {crs}", *_shapes(frame)])
