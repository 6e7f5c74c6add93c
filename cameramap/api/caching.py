"""HTTP caching of camera answers: an ETag from the registry's change counter, 304s, gzip.

The counter (storage.clusters.registry_version) is bumped in the same transaction as any change
a feature shows, so every worker and every host agrees on it; it is read before the data, so an
answer is never cached under a version newer than its data.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import Request, Response
from werkzeug.sansio.utils import get_current_url

from .geojson import dumps

GZIP_MIN_BYTES = 1024
# A query string that werkzeug's request.url would neither quote nor unquote (no %, no space...).
_PLAIN_QUERY = re.compile(rb"[A-Za-z0-9_.~!$&'()*+,/:;=?@-]*")


@lru_cache(maxsize=1024)
def _url_of_path(scheme: str, host: str, root_path: str, path: str) -> str:
    return get_current_url(scheme, host, root_path, path)


def request_url(request: Request) -> str:
    """request.url, without its quoting and unquoting round trip for a plain query string."""
    query = request.query_string
    if not _PLAIN_QUERY.fullmatch(query):
        return request.url
    base = _url_of_path(request.scheme, request.host, request.root_path, request.path)
    return f"{base}?{query.decode('ascii')}" if query else base


def etag_for(version: int, request: Request) -> str:
    """Weak: the body carries a timeStamp; equal ETags mean equal data."""
    query = request.query_string or b""
    return f"{version}-{zlib.crc32(request.path.encode() + b'?' + query):08x}"


def cached_response(
    request: Request,
    version: int,
    max_age: int,
    media_type: str,
    build: Callable[[], dict[str, Any] | bytes],
    compress: bool = True,
) -> Response:
    """304 when the client holds this version of this URL; otherwise the body, gzipped if accepted
    (and `compress`). `build` gives a body to serialize as JSON, or the bytes themselves."""
    tag = etag_for(version, request)
    if "HTTP_IF_NONE_MATCH" in request.environ and request.if_none_match.contains_weak(tag):
        response = Response(status=304)
    else:
        built = build()
        body = built if isinstance(built, bytes) else dumps(built)
        if compress and len(body) >= GZIP_MIN_BYTES and "gzip" in request.accept_encodings:
            response = Response(gzip.compress(body, compresslevel=5, mtime=0), mimetype=media_type)
            response.headers["Content-Encoding"] = "gzip"
        else:
            response = Response(body, mimetype=media_type)
    # What set_etag(tag, weak=True), cache_control and vary.add() would write (a new response has none).
    headers = response.headers
    headers.add("ETag", f'W/"{tag}"')
    headers.add("Cache-Control", f"public, max-age={max_age}, stale-while-revalidate={max_age}")
    headers.add("Vary", "Accept-Encoding")
    return response
