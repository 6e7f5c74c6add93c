"""Every server-rendered page of the site, with the data each needs, for browser tests and screenshots.

`prepare_site(live)` adds (once per live server) an official registry of a few cameras for /compare,
two area polygons for /stats, a pending submission (its status link and moderation item), a pending
sighting of a camera van (its moderation item) and a
moderator; `site_pages(site)` lists the pages as (name, path) pairs; `log_in(page, site)` logs the
moderator in through the form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODERATOR = ("mod-site", "a long enough test password 17")
OFFICIAL = "City registry (site test)"
SPOT = (60.1686, 24.9415)  # (lat, lon) near the demo cameras
AREA_LAYER = "Districts (site test)"


@dataclass
class Site:
    """What `prepare_site` created: ids and paths the page list needs."""

    camera_id: int
    operator_id: int
    submission_id: int
    status_path: str
    observed: str
    sighting_id: int = 0


def _areas_file(folder: Path) -> Path:
    """Two rectangles over central Helsinki, with populations."""
    def box(name: str, west: float, east: float, population: int) -> dict[str, Any]:
        ring = [[west, 60.160], [east, 60.160], [east, 60.180], [west, 60.180], [west, 60.160]]
        return {"type": "Feature", "properties": {"name": name, "population": population},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}

    path = folder / "site-areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        box("Kamppi", 24.920, 24.940, 12000), box("Kluuvi", 24.940, 24.960, 9000)]}))
    return path


def _official_cameras(live: Any) -> int:
    from cameramap.domain.records import SourceSpec
    from tests.factories import make_camera

    source = SourceSpec(name=OFFICIAL, kind="official_registry", licence="CC0-1.0")
    first = 0
    with live.session() as session:
        for n in range(30):
            camera = make_camera(session, source=source, lat=SPOT[0] + n * 0.0004,
                                 lon=SPOT[1] + (n % 5) * 0.0006, operator="Helsinki City (site test)")
            first = first or camera.id
        session.commit()
    return first


def _pending_submission(live: Any) -> tuple[int, str]:
    from cameramap.services.submissions import intake
    from cameramap.services.submissions.fields import parse_draft

    with live.session() as session:
        draft = parse_draft({"lat": str(SPOT[0] - 0.004), "lon": str(SPOT[1]), "camera_type": "dome",
                             "camera_direction": "135", "operator": "Helsinki City (site test)",
                             "notes": "Above the shop door, next to a sign.",
                             "capabilities": [{"capability": "night_vision", "evidence": "infrared ring"}]})
        receipt = intake.create(session, draft, "form")
        return receipt.submission.id, receipt.token


def _pending_sighting(live: Any) -> int:
    from cameramap.services.submissions import sightings

    with live.session() as session:
        draft = sightings.parse_sighting({
            "lat": str(SPOT[0] - 0.002), "lon": str(SPOT[1]), "place": "Outside the railway station",
            "seen_ago": "15", "hours": "3", "timezone": "Europe/Helsinki", "face_recognition": True,
            "evidence": "a sign: live facial recognition", "operator": "Helsinki City (site test)"})
        return sightings.create(session, draft, "form").submission.id


def _deployments(live: Any) -> None:
    """Two published deployments of the registry's operator, so its page and /stats show their figures."""
    from tests.factories import make_deployment

    with live.session() as session:
        for n, day in enumerate(((2025, 1, 8), (2025, 2, 12))):
            make_deployment(session, f"Kamppi square {n + 1}", day, (11, 0), 287,
                            {"type": "Point", "coordinates": [SPOT[1], SPOT[0] + 0.001 * n]},
                            operator="Helsinki City (site test)", faces_scanned=14503 + n,
                            watchlist_size=9812, true_alerts_confirmed=2, false_alerts_confirmed=1, arrests=2)
        session.commit()


def prepare_site(live: Any, folder: Path) -> Site:
    """Add what the pages need to the live server's database (committed); once per server."""
    if getattr(live, "site", None) is not None:
        return live.site
    from sqlalchemy import select

    from cameramap.services.imports.demo import HELSINKI
    from cameramap.services.moderation import accounts
    from cameramap.services.stats.areas import import_areas
    from cameramap.storage.models import Camera

    camera_id = _official_cameras(live)
    _deployments(live)
    with live.session() as session:
        import_areas(session, _areas_file(folder), AREA_LAYER, name_field="name")
        accounts.add_moderator(session, *MODERATOR)
        operator_id = session.scalar(select(Camera.operator_id).where(Camera.id == camera_id))
        session.commit()
    submission_id, token = _pending_submission(live)
    live.site = Site(camera_id=camera_id, operator_id=operator_id, submission_id=submission_id,
                     status_path=f"/submissions/{token}", observed=HELSINKI.name,
                     sighting_id=_pending_sighting(live))
    return live.site


def public_pages(site: Site) -> list[tuple[str, str]]:
    """(name, path) of every public page except the map."""
    from urllib.parse import urlencode

    compare = urlencode({"official": OFFICIAL, "observed": site.observed, "distance": "30"})
    return [
        ("camera", f"/cameras/{site.camera_id}"),
        ("submit", "/submit"),
        ("sighting", "/submit/sighting"),
        ("submit-status", site.status_path),
        ("operators", "/operators"),
        ("operator", f"/operators/{site.operator_id}"),
        ("letter", f"/operators/{site.operator_id}/letter"),
        ("vendors", "/vendors"),
        ("compare", f"/compare?{compare}"),
        ("stats", "/stats?" + urlencode({"layer": AREA_LAYER})),
        ("about", "/about"),
        ("api-docs", "/api/v1/docs"),
        ("sources", "/sources"),
        ("moderation-stats", "/moderation/stats"),
        ("moderation-login", "/moderate/login"),
    ]


def moderation_pages(site: Site) -> list[tuple[str, str]]:
    """(name, path) of the moderators' pages (log in first with `log_in`)."""
    return [("moderation-queue", "/moderate"),
            ("moderation-item", f"/moderate/submissions/{site.submission_id}"),
            ("moderation-sighting", f"/moderate/submissions/{site.sighting_id}"),
            ("moderation-camera", f"/moderate/cameras/{site.camera_id}")]


def log_in(page: Any, base_url: str) -> None:
    """Log the moderator in through the log-in form."""
    page.goto(base_url + "/moderate/login")
    page.fill("#name", MODERATOR[0])
    page.fill("#password", MODERATOR[1])
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/moderate/login" not in url)
