"""CORS for the open data: any origin may GET (and preflight a GET of) /api/, /ogc and /feeds/.

Only safe methods get the header: a POST endpoint such as submissions never answers a foreign
origin's script. (flask-cors adds Access-Control-Allow-Origin to every method of a matched path,
so this small hook decides per method instead.)
"""

from __future__ import annotations

from flask import Flask, Response, request

OPEN_PREFIXES = ("/api/", "/ogc/", "/feeds/")
SAFE = ("GET", "HEAD")
EXPOSED = "Link, ETag, Content-Disposition"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match, If-Modified-Since"


def is_open(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES) or path == "/ogc"


def add_cors_headers(response: Response) -> Response:
    if not is_open(request.path):
        return response
    headers = response.headers
    if request.method in SAFE:
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Expose-Headers"] = EXPOSED
    elif request.method == "OPTIONS":
        asked = (request.headers.get("Access-Control-Request-Method") or "GET").upper()
        if asked in SAFE:
            headers["Access-Control-Allow-Origin"] = "*"
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_cors_headers)
