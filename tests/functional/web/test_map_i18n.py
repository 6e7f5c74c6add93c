"""The map shell in each language: <html lang>, its title, and the catalogue and switch it hands to map.js."""

from __future__ import annotations

import json
import re

import pytest

from cameramap.web.i18n import SUPPORTED_LANGUAGES

ATTACH = re.compile(r"cameramap\.attach\((\w+), (\{.*?\})\);")
TITLES = {"en": "cameramap · surveillance camera map", "ru": "cameramap · карта камер наблюдения"}


def shell(client, query: str = "", **headers: str) -> tuple[str, dict]:
    response = client.get("/" + query, headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    return html, json.loads(ATTACH.search(html).group(2))


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_map_shell_is_in_the_asked_language(client, lang):
    html, options = shell(client, f"?lang={lang}")
    assert f'<html lang="{lang}">' in html and f"<title>{TITLES[lang]}</title>" in html
    assert options["lang"] == lang and options["i18n"] == f"/i18n/{lang}.json"
    assert options["languages"] == [list(pair) for pair in SUPPORTED_LANGUAGES.items()]
    assert client.get(options["i18n"]).status_code == 200


def test_map_scripts_load_the_translations_first(client):
    html, _options = shell(client)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    own = [src for src in scripts if src.startswith("/static/js/")]
    assert own[0] == "/static/js/i18n.js" and "/static/js/map.js" in own


def test_map_language_follows_cookie_and_accept_language(client):
    assert '<html lang="ru">' in shell(client, **{"Accept-Language": "ru-RU,ru;q=0.9"})[0]
    assert '<html lang="en">' in shell(client, **{"Accept-Language": "en-GB"})[0]
    client.get("/?lang=ru")
    assert shell(client, **{"Accept-Language": "en"})[1]["lang"] == "ru"  # remembered
