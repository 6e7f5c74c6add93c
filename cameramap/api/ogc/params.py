"""OGC API query parameters: bbox, limit (capped, not refused), offset, datetime, f, camera filters."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...domain.errors import UsageError
from ...domain.timefilter import parse_datetime
from ...storage.queries import CameraFilter
from .. import filters, params
from ..params import CAMERA_FILTERS, MAX_OFFSET, Pairs
from . import crs
from .crs import CRS84

FORMATS = ("json", "html")
# `lang` picks the language of the HTML pages (cameramap.web.i18n); JSON answers ignore it.
ITEMS_PARAMETERS = ("bbox", "limit", "offset", "datetime", "f", "lang", *CAMERA_FILTERS,
                    *filters.FILTER_PARAMETERS, "filter-crs", "bbox-crs", "crs")


@dataclass(frozen=True, slots=True)
class ItemsQuery:
    """A parsed items request; `params` are the filters as query pairs, for paging links."""

    filter: CameraFilter
    limit: int
    offset: int
    params: tuple[tuple[str, str], ...]
    format: str | None
    crs: str = CRS84


def output_format(args: Pairs, allowed: tuple[str, ...] = ("f", "lang")) -> str | None:
    """The `f` parameter of a request that takes no other (None when absent)."""
    return _format(params.collect(args, allowed))


def _format(grouped: dict[str, list[str]]) -> str | None:
    value = params.single(grouped, "f")
    if value is None:
        return None
    value = value.lower()
    if value == "geojson":
        return "json"
    if value not in FORMATS:
        raise UsageError(f"f must be one of {', '.join(FORMATS)}, got {value[:20]!r}", parameter="f")
    return value


def output_crs(args: Pairs, offered: tuple[str, ...]) -> tuple[str, str | None]:
    """The `crs` and `f` of a single feature's request."""
    grouped = params.collect(args, ("f", "lang", "crs"))
    return crs.choose(params.single(grouped, "crs"), offered, "crs"), _format(grouped)


def _crs_pairs(grouped: dict[str, list[str]], offered: tuple[str, ...]) -> tuple[dict[str, str], list]:
    """crs, bbox-crs and filter-crs as URIs, and the pairs of those given, for links."""
    chosen = {name: crs.choose(params.single(grouped, name), offered, name)
              for name in ("crs", "bbox-crs", "filter-crs")}
    return chosen, [(name, chosen[name]) for name in chosen if name in grouped]


def items_query(args: Pairs, *, default_limit: int, max_limit: int,
                offered: tuple[str, ...] = crs.BUILT_IN) -> ItemsQuery:
    """Parameters of /collections/cameras/items; a limit above the maximum is lowered to it."""
    grouped = params.collect(args, ITEMS_PARAMETERS)
    chosen, crs_pairs = _crs_pairs(grouped, offered)
    moment = params.single(grouped, "datetime")
    start, end = parse_datetime(moment) if moment is not None else (None, None)
    area_text = params.single(grouped, "bbox") if chosen["bbox-crs"] != crs.CRS84 else None
    if area_text is not None:
        del grouped["bbox"]
    filter_crs = chosen["filter-crs"]
    reproject = None if filter_crs == crs.CRS84 else (lambda shape: crs.to_lonlat(shape, filter_crs))
    wanted, pairs = params.camera_filter(grouped, reproject, updated_from=start, updated_to=end)
    if area_text is not None:
        area = crs.bbox_polygon(crs.parse_bbox(area_text), chosen["bbox-crs"])
        wanted = replace(wanted, where=filters.within(wanted.where, area))
        pairs.insert(0, ("bbox", area_text))
    pairs += crs_pairs
    if moment is not None:
        pairs.append(("datetime", moment))
    limit = params.integer(params.single(grouped, "limit"), "limit", min(default_limit, max_limit), 1,
                           MAX_OFFSET)
    offset = params.integer(params.single(grouped, "offset"), "offset", 0, 0, MAX_OFFSET)
    return ItemsQuery(wanted, min(limit, max_limit), offset, tuple(pairs), _format(grouped), chosen["crs"])


