"""HTTP caching of camera answers: an ETag from the registry's change counter, 304s, gzip.

The counter (storage.clusters.registry_version) is bumped in the same transaction as any change
a feature shows, so every worker and every host agrees on it; it is read before the data, so an
answer is never cached under a version newer than its data.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
from typing import Any

from flask import Request, Response

from .geojson import dumps

GZIP_MIN_BYTES = 1024


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
    if request.if_none_match.contains_weak(tag):
        response = Response(status=304)
    else:
        built = build()
        body = built if isinstance(built, bytes) else dumps(built)
        response = Response(body, mimetype=media_type)
        if compress and len(body) >= GZIP_MIN_BYTES and "gzip" in request.accept_encodings:
            response.set_data(gzip.compress(body, compresslevel=5, mtime=0))
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate={max_age}"
    response.vary.add("Accept-Encoding")
    return response
