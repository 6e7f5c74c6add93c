"""Response helpers shared by API v1 and OGC API routes: orjson bodies with Link headers, page limits."""

from __future__ import annotations

from typing import Any, TypedDict

from flask import Response

from ..extensions import settings
from . import params
from .geojson import dumps


def json_response(body: dict[str, Any], media_type: str) -> Response:
    """The body as orjson bytes, with its `links` repeated as an HTTP Link header."""
    response = Response(dumps(body), mimetype=media_type)
    link = params.link_header(body.get("links", ()))
    if link:
        response.headers["Link"] = link
    return response


class PageLimits(TypedDict):
    """The configured page sizes, as the query parsers take them (`**page_limits()`)."""

    default_limit: int
    max_limit: int


def page_limits() -> PageLimits:
    config = settings()
    return {"default_limit": config.api_default_limit, "max_limit": config.api_max_limit}
