"""The floor: a bare Flask + orjson app over the same camera_cells and spatial index, same answers.

    CAMERAMAP_DATABASE_URL=sqlite:///x.sqlite3 gunicorn -w 2 --threads 4 bare_app:app   (from bench/)

GET /v?bbox=w,s,e,n&zoom=z answers what /api/v1/cameras?bbox=&zoom= answers (points with their
badges up to 1,000 cameras, else clusters) with no layers, hooks, ORM or validation: what this
stack allows. Status filter: everything but removed. bench/viewport.py prints it beside ours.
"""

import os
import sqlite3
import threading

import orjson
from flask import Flask, Response, request

from cameramap.domain.geo import BBox
from cameramap.domain.vocabulary import marker_kind
from cameramap.storage.cellsql import LEVELS  # the stored cluster levels (migration 0019)
from cameramap.storage.grid import cluster_level, region_for_bbox

URL = os.environ["CAMERAMAP_DATABASE_URL"]
PG = URL.startswith("postgresql")
P = "%s" if PG else "?"
CAP, RANK = 1000, {"claimed": 0, "likely": 1, "confirmed": 2}
MK = ("m_fixed", "m_dome", "m_panning", "m_alpr", "m_guard")
CAPS = ("face_recognition", "licence_plate_recognition", "ptz_zoom", "night_vision", "audio",
        "analytics", "central_platform_link")
CELLS = (f"SELECT x >> {P}, y >> {P}, sum(count), sum(sum_id), sum(sum_lon), sum(sum_lat), "
         + ", ".join(f"sum({c})" for c in MK + tuple(f"c_{c}" for c in CAPS))
         + f", min(min_lon), min(min_lat), max(max_lon), max(max_lat) FROM camera_cells WHERE level = {P} "
         f"AND x BETWEEN {P} AND {P} AND y BETWEEN {P} AND {P} AND status <> 'removed' GROUP BY 1, 2")
COLS = ("c.id, c.lon, c.lat, c.status, c.surveillance_type, c.camera_type, c.camera_direction, "
        "c.camera_angle, c.height, c.capabilities FROM cameras c ")
NEAR = ("c.geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)" if PG else
        "c.id IN (SELECT id FROM camera_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? "
        "AND min_lat <= ?)")
POINTS = (f"SELECT {COLS} WHERE {NEAR} AND c.lon BETWEEN {P} AND {P} AND c.lat BETWEEN {P} AND {P} "
          f"AND c.status <> 'removed' ORDER BY c.id LIMIT {CAP}")
BADGES = "SELECT camera_id, capability, confidence FROM capability_claims WHERE camera_id IN ({})"
local = threading.local()
app = Flask(__name__)


def db():
    if not hasattr(local, "db"):
        if PG:
            import psycopg
            local.db = psycopg.connect(URL, autocommit=True)
        else:
            local.db = sqlite3.connect(URL.removeprefix("sqlite:///"), check_same_thread=False)
    return local.db


def point(r, badges):
    p = {"marker": marker_kind(r[4], r[5]), "status": r[3]}
    if r[6]:
        p["bearings"] = [[float(d), 0] for d in str(r[6]).split(";") if d.strip().isdigit()]
    if r[7] is not None:
        p["camera_angle"] = r[7]
    if r[8] is not None:
        p["height"] = r[8]
    if r[0] in badges:
        p["capabilities"] = badges[r[0]]
    return {"type": "Feature", "id": str(r[0]), "properties": p,
            "geometry": {"type": "Point", "coordinates": [round(r[1], 6), round(r[2], 6)]}}


def points(cur, rows):
    badges = {}
    wanted = [r[0] for r in rows if r[9]]
    if wanted:
        cur.execute(BADGES.format(", ".join([P] * len(wanted))), wanted)
        for camera, name, level in cur.fetchall():
            if RANK[level] > RANK.get(badges.setdefault(camera, {}).get(name, ""), -1):
                badges[camera][name] = level
    return [point(r, badges) for r in rows]


@app.get("/v")
def view():
    box = BBox(*map(float, request.args["bbox"].split(",")))
    region = region_for_bbox(box, cluster_level(int(request.args["zoom"])))
    level = next(v for v in LEVELS if v >= region.level)
    s, cur = level - region.level, db().cursor()
    cur.execute(CELLS, (s, s, level, region.x0 << s, ((region.x1 + 1) << s) - 1, region.y0 << s,
                        ((region.y1 + 1) << s) - 1))
    cells = cur.fetchall()
    total = sum(c[2] for c in cells)
    b = region.bbox()
    if 0 < total <= CAP:
        cur.execute(POINTS, (b.west, b.east, b.south, b.north) * 2 if not PG else
                    (b.west, b.south, b.east, b.north, b.west, b.east, b.south, b.north))
        features = points(cur, cur.fetchall())
    else:
        features = [{"type": "Feature", "id": f"cluster-{region.level}-{c[0]}-{c[1]}",
                     "bbox": [round(v, 7) for v in c[-4:]],
                     "geometry": {"type": "Point",
                                  "coordinates": [round(c[4] / c[2], 7), round(c[5] / c[2], 7)]},
                     "properties": {"cluster": True, "count": c[2],
                                    "markers": {k[2:]: c[6 + i] for i, k in enumerate(MK) if c[6 + i]},
                                    "capabilities": {k: c[11 + i] for i, k in enumerate(CAPS) if c[11 + i]}}}
                    for c in cells if c[2] > 1]
        singles = [int(c[3]) for c in cells if c[2] == 1]  # PostgreSQL sums are numeric
        if singles:
            cur.execute(f"SELECT {COLS} WHERE c.id IN ({', '.join([P] * len(singles))})", singles)
            features += points(cur, cur.fetchall())
    body = {"type": "FeatureCollection", "features": features, "numberMatched": total,
            "numberReturned": len(features), "clustered": total > CAP}
    return Response(orjson.dumps(body), mimetype="application/geo+json")
