"""/sources says where the background map comes from, as configured: the app's own basemap (built or not
yet) with its data's attribution, or the operator's tile service and its host; in English and Russian."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest

OWN = {"en": "The background map is this site's own", "ru": "Фоновая карта — собственная карта этого сайта"}
NOT_BUILT = {"en": "but it has not been built for this site yet: the maps show only the streets",
             "ru": "но для этого сайта она ещё не построена: на картах видны только улицы"}
SERVICE = {"en": "comes from the tile service this site is configured with",
           "ru": "загружается с сервиса тайлов, настроенного для этого сайта"}
MAP_DATA = {"en": "Map data: © OpenStreetMap contributors",
            "ru": "Данные карты: © OpenStreetMap contributors"}
LANGUAGES = sorted(OWN)


def tiles_section(client, lang: str) -> str:
    """The text of /sources from its "Map tiles" heading on, entities decoded."""
    response = client.get(f"/sources?lang={lang}")
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    return html[html.index("<h2>", html.index("</table>") if "</table>" in html else 0):]


def a_built_archive(folder: Path) -> str:
    """A file the app takes for a built basemap (a PMTiles header holding its deepest zoom)."""
    header = bytearray(127)
    header[:7], header[101] = b"PMTiles", 15
    path = folder / "basemap.pmtiles"
    path.write_bytes(bytes(header))
    return str(path)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_own_basemap_is_named_with_its_data(app, client, configure, tmp_path, lang):
    configure(app, TILE_URL="", BASEMAP_PATH=a_built_archive(tmp_path))
    text = tiles_section(client, lang)
    assert OWN[lang] in text and MAP_DATA[lang] in text, text
    assert SERVICE[lang] not in text and NOT_BUILT[lang] not in text, text
    assert "openstreetmap.org/copyright" not in text  # the attribution's HTML is shown as its words only


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_own_basemap_not_built_yet_says_so(app, client, configure, tmp_path, lang):
    configure(app, TILE_URL="", BASEMAP_PATH=str(tmp_path / "missing.pmtiles"))
    text = tiles_section(client, lang)
    assert NOT_BUILT[lang] in text and MAP_DATA[lang] in text, text
    assert SERVICE[lang] not in text, text
    assert "vector tiles built" not in text and "векторные тайлы" not in text, text  # none built


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_tile_service_is_named_by_its_host(app, client, configure, lang):
    configure(app, TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
              TILE_ATTRIBUTION='&copy; <a href="https://example.org/">Example Tiles</a>')
    text = tiles_section(client, lang)
    assert SERVICE[lang] in text and "<strong>tiles.example.org</strong>" in text, text
    assert OWN[lang] not in text and NOT_BUILT[lang] not in text, text
    assert "© Example Tiles" in text and "https://example.org/" not in text, text


def test_a_tile_service_of_this_site_is_named_by_this_sites_host(app, client, configure):
    configure(app, TILE_URL="/tiles/{z}/{x}/{y}.png")
    text = tiles_section(client, "en")
    assert SERVICE["en"] in text and "<strong>localhost</strong>" in text, text
