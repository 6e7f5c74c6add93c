"""CAMERAMAP_SERVER_NAME: requests naming another host get 400; absolute links in feeds, API answers
and OGC pages use the configured name, whatever Host header the client sent."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from cameramap.config import SettingsError, parse
from tests.factories import make_camera

NAME = "cameras.example.org"


@pytest.fixture
def named(app, configure, session):
    configure(app, SERVER_NAME=NAME)
    make_camera(session, lon=24.94, lat=60.17)
    return app


@pytest.mark.parametrize("url", ["/", "/api/v1/cameras", "/ogc/collections", "/feeds/cameras.atom",
                                 "/moderate/login"])
def test_other_hosts_get_400(named, url):
    client = named.test_client()
    refused = client.get(url, base_url="http://attacker.example/")
    assert refused.status_code == 400
    if url.startswith("/api/"):
        assert refused.get_json()["error"] == "unknown_host"
    assert "attacker.example" not in refused.get_data(as_text=True)
    assert client.get(url, base_url=f"https://{NAME}/").status_code == 200


def test_the_configured_host_with_another_port_is_served_under_the_name(named):
    client = named.test_client()
    answer = client.get("/api/v1/openapi.json", base_url=f"https://{NAME}:8443/")
    assert answer.status_code == 200
    assert orjson.loads(answer.data)["servers"][0]["url"] == f"https://{NAME}/api/v1"


@pytest.mark.parametrize("url", ["/feeds/cameras.atom", "/ogc?f=json", "/ogc/collections/cameras/items",
                                 "/api/v1/changes?limit=1", "/api/v1/openapi.json"])
def test_absolute_links_use_the_configured_name(named, url):
    body = named.test_client().get(url, base_url=f"https://{NAME}/").get_data(as_text=True)
    assert f"https://{NAME}/" in body
    assert "localhost" not in body


def test_without_a_name_any_host_is_served(client, session):
    assert client.get("/api/v1/cameras", base_url="http://other.example/").status_code == 200


@pytest.mark.parametrize("bad", ["https://cameras.example.org", "cameras.example.org/map", "a b"])
def test_a_name_with_a_scheme_or_path_stops_the_app(bad):
    with pytest.raises(SettingsError, match="CAMERAMAP_SERVER_NAME"):
        parse({"SERVER_NAME": bad})


def test_the_nginx_example_passes_host_and_scheme_to_every_cached_location():
    text = (Path(__file__).resolve().parents[3] / "docs" / "production.md").read_text()
    config = re.sub(r"#[^\n]*", "", re.search(r"```nginx\n(.*?)```", text, re.S).group(1))
    server = config[config.index("server {"):]
    locations = re.findall(r"location [^{]+\{([^}]*)\}", server)
    top = re.sub(r"location [^{]+\{[^}]*\}", "", server)
    cached = [body for body in locations if "proxy_cache " in body]
    assert cached
    for body in cached:
        headers = body if "proxy_set_header" in body else top  # nginx inherits only when none is set
        assert "proxy_set_header Host $host" in headers
        assert "proxy_set_header X-Forwarded-Proto $scheme" in headers
