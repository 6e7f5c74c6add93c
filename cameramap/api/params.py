"""API v1 query parameters parsed into typed values; every mistake is a UsageError naming the parameter."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import urlencode

from ..domain.errors import NotFound, UsageError
from ..domain.geo import BBox
from ..domain.vocabulary import CameraStatus, CameraType, Capability, SurveillanceType, choice
from ..storage.clusters import Region, cluster_level, region_for_bbox
from ..storage.queries import CameraFilter
from . import filters

MAX_OFFSET = 2**31 - 1
CONFLICT = "conflicting_parameters"  # two parameters the document allows each, but not together
_INTEGER = re.compile(r"[+-]?[0-9]{1,12}")
MAX_VALUES = 100
PAGING = ("limit", "offset")

# Filter parameter -> its vocabulary (None: free text such as a name or an id).
CAMERA_FILTERS: dict[str, type[StrEnum] | None] = {
    "operator": None,
    "capability": Capability,
    "surveillance_type": SurveillanceType,
    "camera_type": CameraType,
    "status": CameraStatus,
    "source": None,
}
CAMERA_PARAMETERS = ("bbox", *PAGING, *CAMERA_FILTERS, *filters.FILTER_PARAMETERS)
VIEW_PARAMETERS = ("zoom", "tile", "brief")  # a map view: clusters above the cap (api/views.py)
MAX_ZOOM = 22
MAX_REGION_CELLS = 256  # a view may span at most this many cluster cells each way
_TILE = re.compile(r"([0-9]{1,2})/([0-9]{1,7})/([0-9]{1,7})")
_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}

Pairs = Iterable[tuple[str, str]]
_NO_FILTER = CameraFilter()


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class CameraQuery:
    """A parsed camera search: the filter, the page, and the filter as query pairs for links."""

    filter: CameraFilter
    page: Page
    params: tuple[tuple[str, str], ...] = ()


def _collect(args: Pairs, allowed: Iterable[str]) -> dict[str, list[str]]:
    """Group values by name, rejecting unknown names and NUL characters; empty values are absent."""
    allowed = tuple(allowed)
    grouped: dict[str, list[str]] = defaultdict(list)
    for name, value in args:
        if name not in allowed:
            accepted = ", ".join(allowed) or "no parameters"
            raise UsageError(f"unknown parameter {name[:100]!r}; this endpoint accepts: {accepted}",
                             parameter=name[:100], code="unknown_parameter")
        if "\x00" in value:
            raise UsageError(f"{name} contains a NUL character", parameter=name, code="nul_character")
        if value.strip():
            grouped[name].append(value.strip())
    return grouped


def _single(grouped: dict[str, list[str]], name: str) -> str | None:
    values = grouped.get(name, [])
    if len(values) > 1:
        raise UsageError(f"{name} may be given only once", parameter=name)
    return values[0] if values else None


def _integer(text: str | None, name: str, default: int, minimum: int, maximum: int) -> int:
    if text is None:
        return default
    if not _INTEGER.fullmatch(text):
        raise UsageError(f"{name} must be a whole number, got {text[:50]!r}", parameter=name)
    value = int(text)
    if not minimum <= value <= maximum:
        raise UsageError(f"{name} must be between {minimum} and {maximum}, got {value}",
                         parameter=name)
    return value


def _page(grouped: dict[str, list[str]], default_limit: int, max_limit: int) -> Page:
    limit = _integer(_single(grouped, "limit"), "limit", min(default_limit, max_limit), 1, max_limit)
    offset = _integer(_single(grouped, "offset"), "offset", 0, 0, MAX_OFFSET)
    return Page(limit, offset)


def _values(raw: list[str], name: str, vocabulary: type[StrEnum] | None) -> tuple[str, ...]:
    """Comma-separated and repeated values (OR); vocabulary values checked and made canonical.

    A free-text value containing commas also counts whole, so a name with a comma still matches.
    """
    values: list[str] = []
    for text in raw:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if vocabulary is not None:
            parts = [choice(vocabulary, part, name).value for part in parts]
        elif len(parts) > 1:
            parts.append(text)
        values.extend(part for part in parts if part not in values)
    if len(values) > MAX_VALUES:
        raise UsageError(f"{name} takes at most {MAX_VALUES} values", parameter=name)
    return tuple(values)


def no_query(args: Pairs) -> None:
    """Endpoints that take no parameters still reject unknown ones."""
    _collect(args, ())


def page_query(args: Pairs, *, default_limit: int, max_limit: int) -> Page:
    """Parameters of a plain paged list: limit and offset only."""
    return _page(_collect(args, PAGING), default_limit, max_limit)


def collect(args: Pairs, allowed: Iterable[str]) -> dict[str, list[str]]:
    """Values by parameter name; unknown names and NUL characters are UsageErrors."""
    return _collect(args, allowed)


def single(grouped: dict[str, list[str]], name: str) -> str | None:
    """The one value of a parameter that may be given once (None when absent)."""
    return _single(grouped, name)


def integer(text: str | None, name: str, default: int, minimum: int, maximum: int) -> int:
    """A whole number within bounds (the default when absent)."""
    return _integer(text, name, default, minimum, maximum)


def cql_filter(grouped: dict[str, list[str]], to_lonlat: filters.Reproject | None = None,
               ) -> tuple[filters.Expression | None, list[tuple[str, str]]]:
    """The CQL2 `filter` (and its `filter-lang`) as an expression, and as query pairs for links."""
    text, lang = _single(grouped, "filter"), _single(grouped, "filter-lang")
    if text is None:
        filters.language(lang)
        return None, []
    pairs = [("filter", text)] + ([("filter-lang", lang)] if lang is not None else [])
    return filters.parse(text, lang, to_lonlat), pairs


def camera_filter(grouped: dict[str, list[str]], to_lonlat: filters.Reproject | None = None,
                  **extra: object) -> tuple[CameraFilter, list[tuple[str, str]]]:
    """The bbox and filter parameters as a CameraFilter, and as query pairs for links."""
    bbox_text = _single(grouped, "bbox")
    values = {name: _values(grouped.get(name, []), name, vocab) for name, vocab in CAMERA_FILTERS.items()}
    where, cql_pairs = cql_filter(grouped, to_lonlat)
    extra.setdefault("where", where)
    wanted = CameraFilter(
        bbox=BBox.parse(bbox_text) if bbox_text is not None else None,
        operators=values["operator"], capabilities=values["capability"],
        surveillance_types=values["surveillance_type"], camera_types=values["camera_type"],
        statuses=values["status"], sources=values["source"], **extra,  # type: ignore[arg-type]
    )
    params = [("bbox", bbox_text)] if bbox_text is not None else []
    params += [(name, value) for name in CAMERA_FILTERS for value in grouped.get(name, [])]
    return wanted, params + cql_pairs


def camera_query(args: Pairs, *, default_limit: int, max_limit: int) -> CameraQuery:
    """Parameters of GET /api/v1/cameras."""
    grouped = _collect(args, (*CAMERA_PARAMETERS, "brief"))
    if "brief" in grouped:
        raise UsageError("brief needs zoom or tile: only a map view has brief cameras", parameter="brief",
                         code=CONFLICT)
    wanted, params = camera_filter(grouped)
    return CameraQuery(wanted, _page(grouped, default_limit, max_limit), tuple(params))


@dataclass(frozen=True, slots=True)
class ViewQuery:
    """A map view: the filter (bbox aside), the tile-aligned region, the zoom, the cluster cap."""

    filter: CameraFilter
    zoom: int
    region: Region
    cap: int
    params: tuple[tuple[str, str], ...] = ()


def is_view(args: Pairs) -> bool:
    """Whether a camera request asks for a map view (zoom or tile given)."""
    return any(name in ("zoom", "tile") for name, _value in args)


def flag(text: str | None, name: str) -> bool:
    if text is None:
        return False
    if text.lower() not in _FLAGS:
        raise UsageError(f"{name} must be 1 or 0 (true or false), got {text[:20]!r}", parameter=name)
    return _FLAGS[text.lower()]


def tile_region(text: str) -> tuple[int, Region]:
    """'z/x/y' as its zoom and its region of cluster cells."""
    match = _TILE.fullmatch(text.strip())
    if not match:
        raise UsageError(f"tile must be z/x/y, got {text[:30]!r}", parameter="tile")
    z, x, y = map(int, match.groups())
    if z > MAX_ZOOM:
        raise UsageError(f"tile {z}/{x}/{y}: z must be 0..{MAX_ZOOM}", parameter="tile")
    if x >= 1 << z or y >= 1 << z:
        raise NotFound(f"tile {z}/{x}/{y} does not exist (x and y below 2**z)", parameter="tile")
    return z, Region(z, x, y, x, y).at(cluster_level(z))


def _plain_view(args: list[tuple[str, str]], cap: int, max_limit: int) -> ViewQuery | None:
    """bbox= and zoom= alone, each once (the map's own request), parsed as view_query would parse
    them but without its general machinery; None for anything else."""
    if len(args) != 2:
        return None
    (name, text), (other, zoom_text) = sorted(args)
    text, zoom_text = text.strip(), zoom_text.strip()
    if (name, other) != ("bbox", "zoom") or not text or not zoom_text or "\x00" in text + zoom_text:
        return None
    bbox = BBox.parse(text)
    zoom = _integer(zoom_text, "zoom", 0, 0, MAX_ZOOM)
    region = region_for_bbox(bbox, cluster_level(zoom))
    _bounded(region, zoom)
    return ViewQuery(_NO_FILTER, zoom, region, min(cap, max_limit), (("bbox", text), ("zoom", str(zoom))))


def _bounded(region: Region, zoom: int) -> None:
    if max(region.x1 - region.x0, region.y1 - region.y0) >= MAX_REGION_CELLS:
        raise UsageError(f"bbox is too large for zoom {zoom}: a view spans at most {MAX_REGION_CELLS} "
                         "cluster cells each way; zoom out or ask for a smaller area", parameter="bbox",
                         code="bbox_too_large")


def view_query(args: Pairs, *, cap: int, max_limit: int, tile: str | None = None) -> ViewQuery:
    """Parameters of a map view: GET /api/v1/cameras?bbox=&zoom= (or tile=z/x/y) and the tile route."""
    args = list(args)
    plain = _plain_view(args, cap, max_limit) if tile is None else None
    if plain is not None:
        return plain
    grouped = _collect(args, (*CAMERA_PARAMETERS, *VIEW_PARAMETERS))
    if _single(grouped, "offset") is not None:
        raise UsageError("offset cannot be combined with zoom or tile: a view is answered whole",
                         parameter="offset", code=CONFLICT)
    tile = tile if tile is not None else _single(grouped, "tile")
    wanted, params = camera_filter(grouped)
    if tile is not None:
        if wanted.bbox is not None or "zoom" in grouped:
            raise UsageError("tile cannot be combined with bbox or zoom", parameter="tile", code=CONFLICT)
        zoom, region = tile_region(tile)
        params.insert(0, ("tile", tile))
    else:
        if wanted.bbox is None:
            raise UsageError("zoom needs a bbox (or ask for a tile=z/x/y)", parameter="bbox", code=CONFLICT)
        zoom = _integer(_single(grouped, "zoom"), "zoom", 0, 0, MAX_ZOOM)
        region = region_for_bbox(wanted.bbox, cluster_level(zoom))
        params.append(("zoom", str(zoom)))
    _bounded(region, zoom)
    flag(_single(grouped, "brief"), "brief")  # accepted as before: every view is brief now
    limit = _single(grouped, "limit")
    if limit is not None:
        params.append(("limit", limit))
    cap = _integer(limit, "limit", min(cap, max_limit), 1, max_limit)
    return ViewQuery(replace(wanted, bbox=None), zoom, region, cap, tuple(params))


def changes_query(args: Pairs, *, default_limit: int, max_limit: int) -> tuple[str | None, int]:
    """Parameters of GET /api/v1/changes: the cursor to resume after, and the page size."""
    grouped = _collect(args, ("since", "limit"))
    limit = _integer(_single(grouped, "limit"), "limit", min(default_limit, max_limit), 1, max_limit)
    return _single(grouped, "since"), limit


def link_header(links: Iterable[dict[str, str]]) -> str | None:
    """An RFC 8288 `Link` header value for the paging links (next, prev) of a body's `links`."""
    paging = [f'<{link["href"]}>; rel="{link["rel"]}"' for link in links
              if link.get("rel") in ("next", "prev")]
    return ", ".join(paging) or None


def page_links(base_url: str, params: Iterable[tuple[str, str]], page: Page, returned: int,
               matched: int, media_type: str) -> list[dict[str, str]]:
    """`self` and, when more matches follow this page, `next` (same filters, next offset)."""
    params = list(params)

    def href(offset: int) -> str:
        return f"{base_url}?{urlencode([*params, ('limit', page.limit), ('offset', offset)])}"

    links = [{"rel": "self", "href": href(page.offset), "type": media_type}]
    if page.offset + returned < matched and returned:
        links.append({"rel": "next", "href": href(page.offset + page.limit), "type": media_type})
    return links
