"""The map shell in each language: <html lang>, its title, its site bar, and the catalogue and switch it
hands to map.js."""

from __future__ import annotations

import json
import re

import pytest

from cameramap.web.i18n import SUPPORTED_LANGUAGES

CONFIG = re.compile(r'<script[^>]*type="application/json" id="cameramap-config">(.*?)</script>', re.S)
TITLES = {"en": "cameramap · surveillance camera map", "ru": "cameramap · карта камер наблюдения"}


def shell(client, query: str = "", **headers: str) -> tuple[str, dict]:
    response = client.get("/" + query, headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    return html, json.loads(CONFIG.search(html).group(1))


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_map_shell_is_in_the_asked_language(client, lang):
    html, options = shell(client, f"?lang={lang}")
    assert f'<html lang="{lang}">' in html and f"<title>{TITLES[lang]}</title>" in html
    assert options["lang"] == lang and options["i18n"] == f"/i18n/{lang}.json"
    assert options["languages"] == [list(pair) for pair in SUPPORTED_LANGUAGES.items()]
    assert client.get(options["i18n"]).status_code == 200


def test_map_page_is_one_module(client):
    """Leaflet, then our map module (which imports the translations); no inline code but folium's map."""
    html, _options = shell(client)
    scripts = re.findall(r"<script[^>]*>", html)
    assert [re.search(r'src="([^"]+)"', tag).group(1) for tag in scripts if "src=" in tag] == [
        "/static/vendor/leaflet-1.9.4/leaflet.js", "/static/js/map.js"]
    assert 'type="module" src="/static/js/map.js"' in html


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Skip to the map", "Report a camera", "Operators", "Statistics", "Compare", "Data &amp; API",
            "About"]),
    ("ru", ["Перейти к карте", "Сообщить о камере", "Операторы", "Статистика", "Данные и API", "О проекте"]),
])
def test_map_page_has_the_site_bar_in_its_language(client, lang, words):
    html, _options = shell(client, f"?lang={lang}")
    for word in words:
        assert word in html
    for path in ("/submit", "/operators", "/stats", "/compare", "/api/v1/docs", "/about"):
        assert f'href="{path}"' in html
    assert '<main id="cm-main"' in html and 'href="#cm-main"' in html
    assert "user-scalable" not in html and "maximum-scale" not in html


def test_map_language_follows_cookie_and_accept_language(client):
    assert '<html lang="ru">' in shell(client, **{"Accept-Language": "ru-RU,ru;q=0.9"})[0]
    assert '<html lang="en">' in shell(client, **{"Accept-Language": "en-GB"})[0]
    client.get("/?lang=ru")
    assert shell(client, **{"Accept-Language": "en"})[1]["lang"] == "ru"  # remembered
