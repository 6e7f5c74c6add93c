"""The pure helpers of web.security: tile hosts for the CSP and script nonces for trusted HTML."""

from __future__ import annotations

import re

import pytest

from cameramap.web.security import add_script_nonces, page_policy, tile_source


@pytest.mark.parametrize(
    ("tile_url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.fr"),
        ("https://tiles.example.org:8443/{z}/{x}/{y}.png?key=abc", "https://tiles.example.org:8443"),
        ("http://localhost:8080/{z}/{x}/{y}.png", "http://localhost:8080"),
        ("//tiles.example.org/{z}/{x}/{y}.png", "tiles.example.org"),
        ("/tiles/{z}/{x}/{y}.png", None),
    ],
)
def test_tile_source(tile_url, source):
    assert tile_source(tile_url) == source


@pytest.mark.parametrize("tile_url", ["https://a.{s}.example.org/{z}.png", "https://x'; script-src *@h/t"])
def test_tile_urls_that_would_bend_the_policy_are_refused(tile_url):
    with pytest.raises(ValueError):
        tile_source(tile_url)


SHELL = """<html><head><script src="/static/vendor/leaflet.js"></script>
<SCRIPT>L_NO_TOUCH = false;</SCRIPT><script
  src="/static/js/map.js" defer></script><style>.scripts{}</style></head>
<body><div data-x="<scripts>"></div></body><script>cameramap.attach(m, {});</script></html>"""


def test_every_script_tag_gets_the_nonce():
    html = add_script_nonces(SHELL, "abc123_-")
    tags = re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE)
    assert len(tags) == 4
    assert all('nonce="abc123_-"' in tag for tag in tags)
    assert "</script>" in html and "<scripts>" in html and ".scripts{}" in html


def test_the_new_nonce_comes_first():
    html = add_script_nonces('<script nonce="old">x</script>', "new")
    assert html == '<script nonce="new" nonce="old">x</script>'


@pytest.mark.parametrize("nonce", ['x" onload="alert(1)', "", "a b"])
def test_a_nonce_cannot_break_out_of_its_attribute(nonce):
    with pytest.raises(ValueError):
        add_script_nonces(SHELL, nonce)


def test_page_policy_allows_scripts_only_by_origin_or_nonce():
    policy = page_policy("n0nce", "https://tile.openstreetmap.org", embed=False)
    assert "script-src 'self' 'nonce-n0nce';" in policy
    assert policy.count("unsafe-inline") == 1 and "style-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "frame-ancestors *" in page_policy("n0nce", None, embed=True)
