"""A local HTTP server speaking Nominatim's and Photon's JSON, with 429, 500 and slow answers on demand."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

NOMINATIM_HIT = {
    "place_id": 1, "lat": "40.7644", "lon": "-73.9821", "class": "place", "type": "house",
    "addresstype": "place", "display_name": "3450, West 71st Street, Springfield, 10019",
    "address": {"house_number": "3450", "road": "West 71st Street", "city": "Springfield",
                "postcode": "10019"},
}
PHOTON_HIT = {
    "type": "Feature", "geometry": {"type": "Point", "coordinates": [-73.9822, 40.7645]},
    "properties": {"osm_key": "place", "osm_value": "house", "type": "house", "housenumber": "3450",
                   "street": "West 71st Street", "city": "Springfield", "postcode": "10019"},
}


class FakeProviders:
    """mode: 'ok', 'empty', '429', '500' or 'slow'; every request is recorded (path, query, user agent)."""

    def __init__(self):
        self.mode = "ok"
        self.requests: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                owner._answer(self)

            def log_message(self, *args):
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        self.requests.append({"path": parts.path, "query": parse_qs(parts.query),
                              "user_agent": handler.headers.get("User-Agent")})
        if self.mode == "slow":
            time.sleep(1.5)
        if self.mode in ("429", "500"):
            handler.send_response(int(self.mode))
            if self.mode == "429":
                handler.send_header("Retry-After", "30")
            handler.end_headers()
            handler.wfile.write(b"busy")
            return
        body = self._body(parts.path)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        handler.wfile.write(json.dumps(body).encode())

    def _body(self, path: str):
        empty = self.mode == "empty"
        if path == "/search":
            return [] if empty else [NOMINATIM_HIT]
        if path == "/reverse" and "format" in (self.requests[-1]["query"]):
            return {"error": "Unable to geocode"} if empty else NOMINATIM_HIT
        features = [] if empty else [PHOTON_HIT]
        return {"type": "FeatureCollection", "features": features}
