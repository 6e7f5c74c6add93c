"""/downloads: the dumps as a page in the visitor's language (file, format, size, date, licence), linked
from every page's footer; /api/v1/exports stays the JSON list for programs."""

from __future__ import annotations

import re

import pytest

from cameramap.services.exports.dumps import DUMPS
from tests.factories import make_camera
from tests.functional.web.test_error_pages import CYRILLIC, LATIN, words


@pytest.fixture
def exports(app, session, configure, tmp_path):
    configure(app, EXPORT_DIR=str(tmp_path / "exports"))
    make_camera(session)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_footer_links_the_downloads_page(client, session, lang):
    html = client.get(f"/about?lang={lang}").get_data(as_text=True)
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert 'href="/downloads"' in footer and "/api/v1/exports" not in footer


def test_the_page_lists_every_file_and_says_which_are_not_built(client, exports):
    html = client.get("/downloads?lang=en").get_data(as_text=True)
    for dump in DUMPS.values():
        link = f'<a href="/api/v1/exports/{dump.filename}" type="{dump.media_type}">{dump.filename}</a>'
        assert link in html
        assert f"<h2 id=\"download-{dump.name}\">{dump.title}</h2>" in html
    assert html.count("Not built yet. Following the link starts building it: come back in a minute") \
        == len(DUMPS)
    assert '<a href="/sources">data sources &amp; licences</a>' in html
    assert 'href="/api/v1/exports" type="application/json"' in html


def test_a_built_file_shows_its_size_and_date(client, exports):
    assert client.get("/api/v1/exports/cameras.csv").status_code == 200  # built in the request (tests)
    size = len(client.get("/api/v1/exports/cameras.csv").data)
    html = client.get("/downloads?lang=en").get_data(as_text=True)
    csv = re.search(r'<section class="download" aria-labelledby="download-csv">.*?</section>', html, re.S)
    assert csv
    csv = csv.group(0)
    assert f"<dd>{-(-size // 1000)} kB</dd>" in csv and "<time datetime=" in csv and "Not built" not in csv
    assert html.count("Not built yet") == len(DUMPS) - 1


def test_the_russian_page_is_russian(client, exports):
    client.get("/api/v1/exports/cameras.csv")
    text = words(client.get("/downloads?lang=ru").get_data(as_text=True))
    assert "Все камеры в GeoJSON" in text and "Ещё не собран" in text and "КБ" in text
    # Latin only in file names, media types and the names of formats and standards
    latin = set(LATIN.findall(text)) - {"cameras", "geojson", "csv", "gpkg", "kml", "osm", "LICENCE", "txt",
                                        "GeoJSON", "CSV", "GeoPackage", "KML", "OSM", "XML", "JOSM", "JSON",
                                        "OpenStreetMap", "UTF", "EPSG", "ODbL", "API", "application", "text",
                                        "plain", "geo", "json", "geopackage", "sqlite", "vnd", "google",
                                        "earth", "xml", "openstreetmap", "data", "FeatureCollection", "id"}
    assert not latin, latin


def test_the_json_list_stays_for_programs(client, exports):
    response = client.get("/api/v1/exports", headers={"Accept": "text/html", "Accept-Language": "ru"})
    assert response.mimetype == "application/json" and not CYRILLIC.search(response.get_data(as_text=True))
