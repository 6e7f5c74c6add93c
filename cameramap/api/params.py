"""API v1 query parameters parsed into typed values; every mistake is a UsageError naming the parameter."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

from ..domain.errors import UsageError
from ..domain.geo import BBox
from ..domain.vocabulary import CameraStatus, CameraType, Capability, SurveillanceType, choice
from ..storage.queries import CameraFilter

MAX_OFFSET = 2**31 - 1
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
CAMERA_PARAMETERS = ("bbox", *PAGING, *CAMERA_FILTERS)

Pairs = Iterable[tuple[str, str]]


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
            raise UsageError(f"{name} contains a NUL character", parameter=name)
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


def camera_filter(grouped: dict[str, list[str]],
                  **extra: object) -> tuple[CameraFilter, list[tuple[str, str]]]:
    """The bbox and filter parameters as a CameraFilter, and as query pairs for links."""
    bbox_text = _single(grouped, "bbox")
    values = {name: _values(grouped.get(name, []), name, vocab) for name, vocab in CAMERA_FILTERS.items()}
    wanted = CameraFilter(
        bbox=BBox.parse(bbox_text) if bbox_text is not None else None,
        operators=values["operator"], capabilities=values["capability"],
        surveillance_types=values["surveillance_type"], camera_types=values["camera_type"],
        statuses=values["status"], sources=values["source"], **extra,  # type: ignore[arg-type]
    )
    params = [("bbox", bbox_text)] if bbox_text is not None else []
    params += [(name, value) for name in CAMERA_FILTERS for value in grouped.get(name, [])]
    return wanted, params


def camera_query(args: Pairs, *, default_limit: int, max_limit: int) -> CameraQuery:
    """Parameters of GET /api/v1/cameras."""
    grouped = _collect(args, CAMERA_PARAMETERS)
    wanted, params = camera_filter(grouped)
    return CameraQuery(wanted, _page(grouped, default_limit, max_limit), tuple(params))


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
