"""Shared fixtures and helpers for the submission and moderation tests (imported by their conftests)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import Image

from cameramap.protection.ratelimits import limiter
from cameramap.services.submissions import pow

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
STARTED = re.compile(r'name="started" type="hidden" value="([^"]+)"')
HELSINKI = {"lat": 60.1699, "lon": 24.9384}


@pytest.fixture
def submission_app(app, tmp_path, configure):
    """The test app with fast settings: easy proof of work, no fill-time wait, fresh limits and media."""
    configure(app, **{
        "POW_MAX_NUMBER": 2000,
        "FORM_MIN_SECONDS": 0,
        "NOSCRIPT_MIN_SECONDS": 30,
        "MEDIA_DIR": str(tmp_path / "media"),
        "PROOF_OF_WORK": "on",
        "RATE_LIMIT_SUBMIT": "100 per hour",
        "RATE_LIMIT_GLOBAL": "1000 per hour",
    })
    limiter.reset()
    yield app
    limiter.reset()


@pytest.fixture
def sclient(submission_app, session):
    return submission_app.test_client()


def solution(client) -> str:
    challenge = client.get("/api/v1/challenge").get_json()
    assert challenge["required"] is True
    return pow.solve(challenge)


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def form_tokens(client, url: str = "/submit") -> dict[str, str]:
    html = client.get(url).get_data(as_text=True)
    match = STARTED.search(html)
    assert match, "no start token in the form"
    return {"csrf_token": csrf_token(html), "started": match.group(1)}


def jpeg_with_metadata(
    size: tuple[int, int] = (64, 48), gps: tuple[float, float] | None = (60.1699, 24.9384), fmt: str = "JPEG"
) -> bytes:
    """An image carrying EXIF (GPS, camera make), XMP, an ICC profile and a comment."""
    from PIL import ImageCms

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam Make"  # Make
    exif[0x0131] = "SecretSoftware 1.0"  # Software
    if gps:
        lat, lon = gps
        exif.get_ifd(0x8825).update(
            {
                1: "N" if lat >= 0 else "S",
                2: _dms(abs(lat)),
                3: "E" if lon >= 0 else "W",
                4: _dms(abs(lon)),
            }
        )
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    options: dict[str, Any] = {"exif": exif.tobytes(), "icc_profile": icc}
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SecretXMP</x:xmpmeta>'
    if fmt == "JPEG":
        options |= {"comment": b"SecretComment", "xmp": xmp}
    elif fmt == "WEBP":
        options |= {"xmp": xmp}
    image.save(out, fmt, **options)
    return out.getvalue()


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return (float(degrees), float(minutes), seconds)


def api_submit(
    client,
    body: dict[str, Any],
    *,
    pow_payload: str | None = None,
    headers: dict | None = None,
    environ: dict | None = None,
):
    sent = {"X-Altcha": pow_payload if pow_payload is not None else solution(client)} | (headers or {})
    return client.post("/api/v1/submissions", json=body, headers=sent, environ_base=environ or {})
